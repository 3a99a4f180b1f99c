package dev.colorize.model.official.instcolor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.colorize.image.Box;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.convention.InstColorConvention;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without Python: colorize writes InstColor's checkpoint folder in the published layout and
 * legacy format and reads it back to the same networks; the fusion with instances and the
 * no-instance fallback behave as InstColor's; folders and files that are not InstColor's are
 * refused with one sentence.
 */
class InstColorFolderTest {

  static final int SIZE = 64;
  static final Map<String, String> OPTIONS = Map.of("size", String.valueOf(SIZE));

  @TempDir static Path dir;
  static Path seeded;

  @BeforeAll
  static void writeSeeded() throws IOException {
    seeded = dir.resolve("coco_finetuned_mask_256_ffs");
    InstColorFolder.writeSeeded(3, seeded);
  }

  /** A 90 x 70 gray photo with the given instance boxes. */
  static ColorizationInput photo(List<Box> boxes) {
    return new ColorizationInput(GrayPhotos.batch(1, 90, 70, 41).get(0).gray(), boxes);
  }

  static final List<Box> BOXES = List.of(Box.fromCorners(10, 8, 60, 50),
      Box.fromCorners(40, 30, 88, 69), Box.fromCorners(70, 5, 72, 60));

  /** The networks' output {@code [1, 2, S, S]} for one input through the official convention. */
  static float[] run(InstColorNetworks networks, NDManager manager, ColorizationInput input)
      throws Exception {
    List<Tensor> tensors = InstColorBoxes.convention(new InstColorConvention())
        .inputs(List.of(input), OPTIONS);
    try (NDManager pass = manager.newSubManager()) {
      NDList in = new NDList();
      for (Tensor t : tensors) {
        in.add(pass.create(t.data(), new Shape(t.shape())));
      }
      NDArray y = networks.forward(new ParameterStore(pass, false), in, false).head();
      assertArrayEquals(new long[] {1, 2, SIZE, SIZE}, y.getShape().getShape());
      return y.toFloatArray();
    }
  }

  @Test
  void aSeededFolderHasThePublishedLayoutAndReadsBackToTheSameNetworks() throws Exception {
    for (InstColorFolder.Role role : InstColorFolder.Role.values()) {
      Path file = seeded.resolve(role.file());
      try (PthFile pth = PthFile.open(file)) {
        assertEquals(PthFile.Format.LEGACY, pth.format());
        StateDict sd = StateDict.of(pth.root(), file.toString());
        // the SIGGRAPH generator: 31 convs with bias (62 tensors) and 9 batch norms (45 with
        // num_batches_tracked); the fusion network adds 14 weight generators of 6 convs
        assertEquals(role == InstColorFolder.Role.FUSION ? 107 + 14 * 12 : 107,
            sd.tensors().size(), role.file());
      }
    }
    assertEquals("InstColor full-image, instance and fusion networks",
        InstColorFolder.probe(seeded));
    ColorizationInput withBoxes = photo(BOXES);
    Path copy = dir.resolve("copy");
    float[] fused;
    float[] alone;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      InstColorFolder.Loaded loaded = InstColorFolder.load(seeded, manager);
      assertTrue(loaded.description().startsWith("InstColor full-image network (GComp,"
          + " SIGGRAPHGenerator) from latest_net_GComp.pth (legacy .pth, a bare state dict)"),
          loaded.description());
      fused = run(loaded.networks(), manager, withBoxes);
      alone = run(loaded.networks(), manager, photo(List.of()));
      InstColorFolder.write(loaded.networks(), copy);
    }
    assertSpread(fused);
    assertSpread(alone);
    assertFalse(java.util.Arrays.equals(fused, alone), "the instances change the colours");
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      InstColorNetworks again = InstColorFolder.load(copy, manager).networks();
      assertArrayEquals(fused, run(again, manager, withBoxes), "written and read back");
      assertArrayEquals(alone, run(again, manager, photo(List.of())));
    }
  }

  /** The lone full-image file colorizes with or without boxes as the folder does without. */
  @Test
  void aLoneSiggraphFileIsTheFullImageNetworkWithoutFusion() throws Exception {
    Path file = seeded.resolve(InstColorFolder.Role.FULL.file());
    assertEquals("InstColor full-image network only", InstColorFolder.probe(file));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      InstColorFolder.Loaded folder = InstColorFolder.load(seeded, manager);
      InstColorFolder.Loaded lone = InstColorFolder.load(file, manager);
      assertTrue(lone.description().endsWith("; no instance fusion"), lone.description());
      float[] expected = run(folder.networks(), manager, photo(List.of()));
      assertArrayEquals(expected, run(lone.networks(), manager, photo(BOXES)));
    }
  }

  @Test
  void aFolderWithoutOneOfTheFilesIsNamed() throws Exception {
    Path partial = dir.resolve("partial");
    Files.createDirectories(partial);
    Files.copy(seeded.resolve("latest_net_G.pth"), partial.resolve("latest_net_G.pth"));
    Files.copy(seeded.resolve("latest_net_GComp.pth"), partial.resolve("latest_net_GComp.pth"));
    UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class,
        () -> InstColorFolder.probe(partial));
    assertEquals(partial + " is not an InstColor checkpoint folder: it has no latest_net_GF.pth"
        + " (the fusion network (GF, FusionGenerator)); it needs latest_net_GComp.pth,"
        + " latest_net_G.pth and latest_net_GF.pth", e.getMessage());
  }

  @Test
  void aFusionFileInTheInstanceNetworksPlaceIsRecognisedAsSuch() throws Exception {
    Path swapped = dir.resolve("swapped");
    Files.createDirectories(swapped);
    for (InstColorFolder.Role role : InstColorFolder.Role.values()) {
      Files.copy(seeded.resolve(role.file()), swapped.resolve(role.file()));
    }
    Files.copy(seeded.resolve("latest_net_GF.pth"), swapped.resolve("latest_net_G.pth"),
        StandardCopyOption.REPLACE_EXISTING);
    String message = assertThrows(UnrecognisedModelException.class,
        () -> InstColorFolder.probe(swapped)).getMessage();
    assertEquals(swapped.resolve("latest_net_G.pth") + " is not InstColor's instance network"
        + " (G, InstanceGenerator) (it holds InstColor's fusion network): the file has an"
        + " unexpected key 'weight_layer.simple_instance_conv.0.weight' of shape"
        + " [16, 64, 3, 3].", message);
  }

  /** InstColor's get_box_info, worked by hand for a 90 x 70 image. */
  @Test
  void boxInfoIsInstColorsGetBoxInfo() {
    Box box = Box.fromCorners(10, 8, 60, 50);
    // int(10/90*64) = 7, int(60/90*64) = 42, int(8/70*64) = 7, int(50/70*64) = 45
    assertArrayEquals(new int[] {7, 22, 7, 19, 35, 38}, InstColorBoxes.of(box, 90, 70, 64));
    // at 8 px: x 0..5, y 0..5
    assertArrayEquals(new int[] {0, 3, 0, 3, 5, 5}, InstColorBoxes.of(box, 90, 70, 8));
    // a 2 px wide box: int(70/90*8) = 6 = int(72/90*8), so it is grown by one to the right;
    // y: int(5/70*8) = 0, int(60/70*8) = 6
    assertArrayEquals(new int[] {6, 1, 0, 2, 1, 6},
        InstColorBoxes.of(Box.fromCorners(70, 5, 72, 60), 90, 70, 8));
    // int(88/90*8) = 7 = int(89/90*8) one pixel from the right edge: grown to the left instead
    assertArrayEquals(new int[] {6, 1, 0, 0, 1, 8},
        InstColorBoxes.of(Box.fromCorners(88, 0, 89, 70), 90, 70, 8));
  }

  static void assertSpread(float[] ab) {
    double mean = 0;
    double square = 0;
    for (float v : ab) {
      assertTrue(Float.isFinite(v));
      mean += v / ab.length;
      square += (double) v * v / ab.length;
    }
    assertTrue(square - mean * mean > 1e-8, "untrained output is constant");
  }
}
