package dev.colorize.model.official.pth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestrictedUnpicklerTest {

  @TempDir Path dir;

  private static Object load(byte[] pickle, RestrictedUnpickler.PersistentLoader loader)
      throws IOException {
    return new RestrictedUnpickler("crafted.pth", new ByteArrayInputStream(pickle), pickle.length,
        loader).load();
  }

  /** {@code os.system('touch <marker>')}, the classic malicious pickle. */
  private byte[] osSystem(Path marker) {
    return PickleBytes.protocol(2).global("os", "system").mark()
        .string("touch " + marker).tuple().reduce().stop().bytes();
  }

  @Test
  void refusesOsSystemBeforeAnythingRuns() throws IOException {
    Path marker = dir.resolve("ran");
    UnsafePickleException e = assertThrows(UnsafePickleException.class,
        () -> load(osSystem(marker), null));
    assertTrue(e.getMessage().contains("crafted.pth"), e.getMessage());
    assertTrue(e.getMessage().contains("os.system"), e.getMessage());
    assertFalse(Files.exists(marker));
  }

  @Test
  void refusesStackGlobalEval() {
    byte[] pickle = PickleBytes.protocol(4).string("builtins").string("eval").op(0x93)
        .mark().string("1+1").tuple().reduce().stop().bytes();
    UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> load(pickle, null));
    assertTrue(e.getMessage().contains("builtins.eval"), e.getMessage());
  }

  @Test
  void refusesInstAndObjOpcodes() {
    byte[] inst = PickleBytes.protocol(2).mark().op('i').bytes();
    assertTrue(assertThrows(UnsafePickleException.class, () -> load(inst, null)).getMessage()
        .contains("INST"));
    byte[] obj = PickleBytes.protocol(2).mark().global("collections", "OrderedDict").op('o')
        .stop().bytes();
    assertTrue(assertThrows(UnsafePickleException.class, () -> load(obj, null)).getMessage()
        .contains("OBJ"));
  }

  @Test
  void refusesCallingAStorageType() {
    byte[] pickle = PickleBytes.protocol(2).global("torch", "FloatStorage").mark().tuple()
        .reduce().stop().bytes();
    UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> load(pickle, null));
    assertTrue(e.getMessage().contains("torch.FloatStorage"), e.getMessage());
  }

  @Test
  void aNumpyScalarOfAnOptimiserIsAnOpaqueValueAndNothingIsCalled() throws IOException {
    // numpy.core.multiarray.scalar(numpy.dtype('f8', False, True) with its BUILD state,
    //   _codecs.encode('...', 'latin1')), as pickle protocol 2 writes np.float64(1e-3)
    byte[] pickle = PickleBytes.protocol(2).global("numpy.core.multiarray", "scalar")
        .global("numpy", "dtype").mark().string("f8").op(0x89).op(0x88).tuple().reduce()
        .mark().string("<").tuple().op('b')
        .global("_codecs", "encode").mark().string("\u00fc\u00a9").string("latin1").tuple()
        .reduce().op(0x86).reduce().stop().bytes();
    Object value = load(pickle, null);
    assertEquals(new OpaqueValue("numpy.core.multiarray.scalar"), value);
  }

  @Test
  void codecsEncodeIsOnlyReadAsProtocolTwoBytes() {
    byte[] pickle = PickleBytes.protocol(2).global("_codecs", "encode").mark().string("x")
        .string("rot13").tuple().reduce().stop().bytes();
    UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> load(pickle, null));
    assertTrue(e.getMessage().contains("_codecs.encode"), e.getMessage());
  }

  @Test
  void refusesCallingTheNumpyArrayClass() {
    byte[] pickle = PickleBytes.protocol(2).global("numpy", "ndarray").mark().tuple().reduce()
        .stop().bytes();
    UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> load(pickle, null));
    assertTrue(e.getMessage().contains("numpy.ndarray"), e.getMessage());
  }

  @Test
  void refusesAnotherTorchGlobal() {
    byte[] pickle = PickleBytes.protocol(2).global("torch", "load").stop().bytes();
    assertThrows(UnsafePickleException.class, () -> load(pickle, null));
  }

  @Test
  void truncatedPickleIsAFormatErrorNamingTheFile() {
    byte[] whole = PickleBytes.protocol(2).op('}').string("layers.0.weight").stop().bytes();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);
    PthFormatException e = assertThrows(PthFormatException.class, () -> load(cut, null));
    assertFalse(e instanceof UnsafePickleException);
    assertTrue(e.getMessage().contains("crafted.pth") && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void readsAnOrderedDictOfRebuiltTensors() throws IOException {
    // OrderedDict([('w', _rebuild_tensor_v2(<storage '0'>, 0, (2, 3), (3, 1), False,
    //   OrderedDict()))]), as torch.save writes a state dict.
    byte[] pickle = PickleBytes.protocol(2)
        .global("collections", "OrderedDict").op(')').reduce().op('q').op(0)
        .string("w")
        .global("torch._utils", "_rebuild_tensor_v2")
        .mark()
        .mark().string("storage").global("torch", "FloatStorage").string("0").string("cpu")
        .int1(6).tuple().op('Q')
        .int1(0)
        .int1(2).int1(3).op(0x86)
        .int1(3).int1(1).op(0x86)
        .op(0x89)
        .global("collections", "OrderedDict").op(')').reduce()
        .tuple().reduce()
        .op('s')
        .op('}').string("_metadata").op('}').op('s').op('b') // BUILD: attributes, dropped
        .stop().bytes();
    Object root = load(pickle, id -> new TorchStorage((String) id.get(2),
        TorchDType.FLOAT32, (Long) id.get(4)));
    Map<?, ?> dict = assertInstanceOf(Map.class, root);
    TorchTensor w = assertInstanceOf(TorchTensor.class, dict.get("w"));
    assertArrayEquals(new long[] {2, 3}, w.shape());
    assertArrayEquals(new long[] {3, 1}, w.stride());
    assertEquals("0", w.storage().key());
    assertTrue(w.isContiguous());
    StateDict sd = StateDict.of(root, "crafted.pth");
    assertEquals(1, sd.tensors().size());
  }

  @Test
  void aZipArchiveWithAMaliciousPickleIsRefusedByPthFile() throws IOException {
    Path marker = dir.resolve("ran");
    Path file = dir.resolve("evil.pth");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
      zip.write(osSystem(marker));
      zip.closeEntry();
    }
    UnsafePickleException e = assertThrows(UnsafePickleException.class,
        () -> PthFile.open(file).close());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertFalse(Files.exists(marker));
  }

  @Test
  void notAPyTorchFileIsNamed() throws IOException {
    Path file = dir.resolve("weights.pth");
    Files.writeString(file, "<html>404 Not Found</html>");
    PthFormatException e = assertThrows(PthFormatException.class, () -> PthFile.open(file));
    assertTrue(e.getMessage().contains("not a PyTorch file"), e.getMessage());
  }

  @Test
  void halfPrecisionConvertsExactly() {
    assertEquals(1.0f, PthFile.halfToFloat((short) 0x3c00));
    assertEquals(-2.0f, PthFile.halfToFloat((short) 0xc000));
    assertEquals(65504f, PthFile.halfToFloat((short) 0x7bff));
    assertEquals(0x1p-24f, PthFile.halfToFloat((short) 0x0001));
    assertTrue(Float.isInfinite(PthFile.halfToFloat((short) 0x7c00)));
  }
}
