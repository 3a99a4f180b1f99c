package dev.colorize.model.official.instcolor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.colorize.image.Box;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.convention.InstColorConvention;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.PythonTorch;
import dev.colorize.model.official.RawFloats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * colorize's InstColor networks against an independent PyTorch implementation
 * ({@code scripts/models/official/instcolor_reference.py}, torch 1.13) with seeded, settled
 * weights in the published layout: the same outputs to 1e-4 on a photo-like gray image with no
 * instance (the full-image fallback), one instance, and three (overlapping, and one two pixels
 * wide, so InstColor's box growing applies at S/8), from the legacy format with bare state dicts
 * and the zip format with DataParallel's prefix; and a folder colorize writes loads strictly in
 * PyTorch with bit-identical outputs.
 */
class InstColorReferenceTest {

  static final float TOLERANCE = 1e-4f;
  static final int SIZE = 64;
  static final int WIDTH = 90;
  static final int HEIGHT = 70;

  @TempDir static Path dir;
  static final List<List<Box>> CASES = List.of(List.of(),
      List.of(Box.fromCorners(10, 8, 60, 50)),
      List.of(Box.fromCorners(10, 8, 60, 50), Box.fromCorners(40, 30, 88, 69),
          Box.fromCorners(70, 5, 72, 60)));
  static final List<List<Tensor>> INPUTS = new ArrayList<>();
  static final List<float[]> EXPECTED = new ArrayList<>();
  static Path legacy;
  static Path zip;

  static List<String> caseArgs(String tag) throws Exception {
    List<String> args = new ArrayList<>(List.of("--size", String.valueOf(SIZE)));
    for (int i = 0; i < CASES.size(); i++) {
      List<Tensor> t = INPUTS.get(i);
      Path full = dir.resolve("full" + i + ".f32");
      Path crops = dir.resolve("crops" + i + ".f32");
      RawFloats.write(full, t.get(0).data());
      RawFloats.write(crops, t.get(1).data());
      List<String> boxes = new ArrayList<>();
      for (Box b : selected(i)) {
        boxes.add(b.x() + "," + b.y() + "," + (b.x() + b.width()) + ","
            + (b.y() + b.height()));
      }
      args.addAll(List.of("--full", full.toString(), "--crops", crops.toString(), "--boxes",
          String.join(";", boxes), "--image", WIDTH + "," + HEIGHT, "--output",
          dir.resolve(tag + "-out" + i + ".f32").toString()));
    }
    return args;
  }

  static ColorizationInput input(int i) {
    return new ColorizationInput(GrayPhotos.batch(1, WIDTH, HEIGHT, 77).get(0).gray(),
        CASES.get(i));
  }

  /** The boxes in the order the convention made the crops. */
  static List<Box> selected(int i) {
    return new InstColorConvention().selectInstances(input(i), options());
  }

  static Map<String, String> options() {
    return Map.of("size", String.valueOf(SIZE));
  }

  @BeforeAll
  static void reference() throws Exception {
    PythonTorch.require();
    for (int i = 0; i < CASES.size(); i++) {
      INPUTS.add(InstColorBoxes.convention(new InstColorConvention())
          .inputs(List.of(input(i)), options()));
    }
    legacy = dir.resolve("legacy");
    zip = dir.resolve("zip");
    List<String> args = new ArrayList<>(List.of("--seed", "7", "--dir", legacy.toString(),
        "--format", "legacy", "--wrap", "bare", "--dir", zip.toString(), "--format", "zip",
        "--wrap", "dataparallel"));
    args.addAll(caseArgs("torch"));
    String printed = PythonTorch.run("instcolor_reference.py", args);
    for (int i = 0; i < CASES.size(); i++) {
      EXPECTED.add(RawFloats.read(dir.resolve("torch-out" + i + ".f32")));
    }
    assertTrue(printed.contains("GF"), printed);
  }

  @Test
  void bothFormatsMatchPyTorchWithAndWithoutInstances() throws Exception {
    for (Path folder : List.of(legacy, zip)) {
      try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
        InstColorFolder.Loaded loaded = InstColorFolder.load(folder, manager);
        for (int i = 0; i < CASES.size(); i++) {
          float[] actual = InstColorFolderTest.run(loaded.networks(), manager, input(i));
          float[] expected = EXPECTED.get(i);
          assertEquals(expected.length, actual.length);
          float worst = 0;
          int inside = 0;
          for (int p = 0; p < expected.length; p++) {
            worst = Math.max(worst, Math.abs(expected[p] - actual[p]));
            inside += Math.abs(expected[p]) < 0.97f ? 1 : 0;
          }
          assertTrue(worst <= TOLERANCE, folder.getFileName() + " case " + i
              + ": max |colorize - PyTorch| = " + worst);
          assertTrue(inside > 0.9 * expected.length, "case " + i + " saturated: the"
              + " comparison would be weak");
        }
      }
    }
    assertTrue(!java.util.Arrays.equals(EXPECTED.get(0), EXPECTED.get(2)),
        "the instances change PyTorch's output too");
  }

  /** colorize's export of the reference weights loads strictly in PyTorch, same outputs. */
  @Test
  void aFolderColorizeWritesLoadsStrictlyInPyTorchWithIdenticalOutputs() throws Exception {
    Path export = dir.resolve("exported");
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      InstColorFolder.write(InstColorFolder.load(legacy, manager).networks(), export);
    }
    List<String> args = new ArrayList<>(List.of("--load", export.toString()));
    args.addAll(caseArgs("exported"));
    String printed = PythonTorch.run("instcolor_reference.py", args);
    assertTrue(printed.contains("strictly"), printed);
    for (int i = 0; i < CASES.size(); i++) {
      assertArrayEquals(EXPECTED.get(i), RawFloats.read(dir.resolve("exported-out" + i
          + ".f32")), "case " + i);
    }
  }
}
