package dev.colorize.model.official.deoldify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.PthWriter;
import dev.colorize.model.official.pth.StateDict;
import dev.colorize.model.official.pth.TorchDType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without Python: colorize writes DeOldify files in the published layout and legacy format and
 * reads them back to the same network; files that are no DeOldify generator are refused with one
 * sentence naming the file and the first key or shape that did not fit.
 */
class DeOldifyFileTest {

  @TempDir static Path dir;
  static Path seeded;

  @BeforeAll
  static void writeSeeded() throws IOException {
    seeded = dir.resolve("ColorizeArtistic_gen.pth");
    DeOldifyFile.writeSeeded(DeOldifyVariant.ARTISTIC, 11, seeded);
  }

  @Test
  void aSeededFileHasThePublishedLayoutAndReadsBackToTheSameNetwork() throws Exception {
    try (PthFile pth = PthFile.open(seeded)) {
      assertEquals(PthFile.Format.LEGACY, pth.format());
      StateDict sd = StateDict.of(pth.root(), seeded.toString());
      assertEquals(378, sd.tensors().size(), "the published artistic file has 378 tensors");
      assertEquals(DeOldifyVariant.ARTISTIC, DeOldifyFile.recognise(sd, seeded));
    }
    float[] input = GrayPhotos.imagenetInput(GrayPhotos.batch(1, 64, 48, 5));
    long[] shape = {1, 3, 48, 64};
    Path copy = dir.resolve("copy.pth");
    float[] first;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      DeOldifyFile.Loaded loaded = DeOldifyFile.load(seeded, manager);
      first = DeOldifyReferenceTest.forward(loaded.generator(), manager, input, shape);
      DeOldifyFile.write(loaded.generator(), copy);
    }
    double mean = 0;
    double square = 0;
    for (float v : first) {
      assertTrue(Float.isFinite(v));
      mean += v / first.length;
      square += (double) v * v / first.length;
    }
    assertTrue(square - mean * mean > 1e-8, "untrained output is constant");
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      float[] again = DeOldifyReferenceTest.forward(DeOldifyFile.load(copy, manager).generator(),
          manager, input, shape);
      assertArrayEquals(first, again, "written and read back, the network is the same");
    }
  }

  /** A zero tensor of any size, streamed. */
  static PthWriter.Tensor zeros(String key, long[] shape) {
    return new PthWriter.Tensor() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public long[] shape() {
        return shape;
      }

      @Override
      public TorchDType dtype() {
        return TorchDType.FLOAT32;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        long n = 4;
        for (long d : shape) {
          n *= d;
        }
        byte[] block = new byte[1 << 16];
        for (long left = n; left > 0; left -= block.length) {
          out.write(block, 0, (int) Math.min(left, block.length));
        }
      }
    };
  }

  /** The artistic layout as zeros, changed by {@code edit}. */
  static Path artisticWith(String name, UnaryOperator<List<PthWriter.Tensor>> edit)
      throws IOException {
    List<PthWriter.Tensor> tensors = new ArrayList<>();
    for (TorchLayout.Entry e : DeOldifyFile.layout(DeOldifyVariant.ARTISTIC).entries()) {
      tensors.add(zeros(e.key(), e.shape()));
    }
    Path file = dir.resolve(name);
    PthWriter.writeLegacy(file, edit.apply(tensors));
    return file;
  }

  @Test
  void aWrongShapeIsNamedWithTheKeyAndBothShapes() throws Exception {
    Path file = artisticWith("wrong-shape.pth", list -> {
      list.replaceAll(t -> t.key().equals("layers.4.conv1.0.weight_orig")
          ? zeros(t.key(), new long[] {768, 512, 1, 1}) : t);
      return list;
    });
    UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class,
        () -> DeOldifyFile.probe(file));
    assertEquals(file + " is not a DeOldify generator: nearest is the artistic generator"
        + " (DynamicUnetDeep on ResNet-34, nf_factor 1.5), but the file has"
        + " 'layers.4.conv1.0.weight_orig' of shape [768, 512, 1, 1] where [768, 512, 3, 3]"
        + " was expected.", e.getMessage());
  }

  @Test
  void aMissingOrExtraKeyIsNamed() throws Exception {
    Path missing = artisticWith("missing.pth", list -> {
      list.removeIf(t -> t.key().equals("layers.5.conv2.3.gamma"));
      return list;
    });
    String message = assertThrows(UnrecognisedModelException.class,
        () -> DeOldifyFile.probe(missing)).getMessage();
    assertTrue(message.endsWith("but the file has no key 'layers.5.conv2.3.gamma' (expected"
        + " shape [1])."), message);
    Path extra = artisticWith("extra.pth", list -> {
      list.add(zeros("layers.13.weight", new long[] {3}));
      return list;
    });
    message = assertThrows(UnrecognisedModelException.class,
        () -> DeOldifyFile.probe(extra)).getMessage();
    assertTrue(message.endsWith("but the file has an unexpected key 'layers.13.weight' of shape"
        + " [3]."), message);
  }

  @Test
  void anotherNetworkIsComparedWithTheNearestVariant() throws Exception {
    Path file = dir.resolve("other.pth");
    // a ResNet-101 encoder key pattern: nearer to the stable generator
    PthWriter.writeLegacy(file, List.of(
        zeros("layers.0.0.weight", new long[] {64, 3, 7, 7}),
        zeros("layers.0.4.0.conv3.weight", new long[] {256, 64, 1, 1})));
    String message = assertThrows(UnrecognisedModelException.class,
        () -> DeOldifyFile.probe(file)).getMessage();
    assertTrue(message.startsWith(file + " is not a DeOldify generator: nearest is the stable"
        + " generator"), message);
  }
}
