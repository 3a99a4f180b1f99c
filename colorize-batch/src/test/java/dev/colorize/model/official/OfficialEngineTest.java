package dev.colorize.model.official;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ModelRegistry;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.deoldify.DeOldifyVariant;
import dev.colorize.model.official.instcolor.InstColorFolder;
import dev.colorize.model.tf.SavedModelDigest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code official} engine as a run uses it: checking a declaration, loading, colorizing. */
class OfficialEngineTest {

  @TempDir static Path dir;
  static Path artistic;
  static Path instcolor;

  @BeforeAll
  static void writeSeeded() throws Exception {
    artistic = dir.resolve("ColorizeArtistic_gen.pth");
    DeOldifyFile.writeSeeded(DeOldifyVariant.ARTISTIC, 3, artistic);
    instcolor = dir.resolve("coco_finetuned_mask_256_ffs");
    InstColorFolder.writeSeeded(5, instcolor);
  }

  static ModelConfig instcolor(Path path) {
    ModelConfig m = new ModelConfig("instcolor", "official");
    m.convention = "instcolor";
    m.path = path.toString();
    m.options.put("size", "32");
    return m;
  }

  /**
   * A checkpoint folder colorizes through the instcolor convention at the input's resolution,
   * with and without instance boxes (the boxes change the colours), and its folder digest is
   * checked.
   */
  @Test
  void colorizesInstColorsFolderWithAndWithoutInstances() throws Exception {
    ModelConfig m = instcolor(instcolor);
    m.sha256 = SavedModelDigest.of(instcolor);
    try (Colorizer c = new OfficialEngine().open(m)) {
      String description = c.description().orElseThrow();
      assertTrue(description.startsWith("InstColor full-image network (GComp, SIGGRAPHGenerator)"
          + " from latest_net_GComp.pth"), description);
      assertTrue(description.endsWith(" on cpu()"), description);
      LabImage gray = GrayPhotos.batch(1, 50, 40, 9).get(0).gray();
      LabImage plain = c.colorize(List.of(ColorizationInput.of(gray))).get(0);
      LabImage fused = c.colorize(List.of(new ColorizationInput(gray,
          List.of(Box.fromCorners(5, 5, 30, 35))))).get(0);
      assertEquals(50, fused.width());
      assertEquals(40, fused.height());
      assertFalse(java.util.Arrays.equals(plain.a(), fused.a()), "the instance changes colours");
    }
    m.sha256 = "0".repeat(64);
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> new OfficialEngine().open(m).close());
    assertTrue(e.getMessage().contains("does not match: the folder " + instcolor),
        e.getMessage());
  }

  @Test
  void anInstColorSizeThatIsNoMultipleOf8IsRefused() {
    ModelConfig m = instcolor(instcolor);
    m.options.put("size", "36");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(m, "<model> "));
    assertEquals("<model> <options><size>", e.element());
  }

  @Test
  void aDeOldifyFileDeclaredAsInstColorIsRefusedInOneSentence() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(instcolor(artistic), "<model> "));
    assertEquals("<model> <path>", e.element());
    assertTrue(e.getMessage().contains(artistic + " is not InstColor's full-image network"),
        e.getMessage());
  }

  static ModelConfig model(String convention, Path path) {
    ModelConfig m = new ModelConfig("deoldify-artistic", "official");
    m.convention = convention;
    m.path = path.toString();
    m.options.put("renderFactor", "4");
    return m;
  }

  @Test
  void isRegisteredAsOfficial() {
    assertTrue(ModelRegistry.standard().engineIds().contains("official"));
  }

  @Test
  void colorizesThroughTheDeOldifyConventionAndSaysWhatItLoaded() throws Exception {
    try (Colorizer c = new OfficialEngine().open(model("deoldify", artistic))) {
      String description = c.description().orElseThrow();
      assertTrue(description.startsWith("DeOldify artistic generator (DynamicUnetDeep on"
          + " ResNet-34, nf_factor 1.5) from ColorizeArtistic_gen.pth (legacy .pth, a bare state"
          + " dict) on cpu"), description);
      List<ColorizationInput> batch = GrayPhotos.batch(3, 50, 40, 9);
      List<LabImage> out = c.colorize(batch);
      assertEquals(3, out.size());
      for (LabImage image : out) {
        assertEquals(50, image.width());
        assertEquals(40, image.height());
      }
    }
  }

  @Test
  void aConventionOfNoPublishedNetworkIsRefusedByName() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(model("lab", artistic), "<model> "));
    assertTrue(e.getMessage().contains("is lab, which names no published network the official"
        + " engine reads (it reads: chromagan, deoldify, instcolor)"), e.getMessage());
  }

  @Test
  void aDeOldifyFileDeclaredAsChromaGanIsRefusedInOneSentence() {
    ModelConfig m = model("chromagan", artistic);
    m.options.clear();
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(m, "<model> "));
    assertEquals("<model> <path>", e.element());
    assertTrue(e.getMessage().contains(artistic + " is not an HDF5 file"), e.getMessage());
  }

  @Test
  void aChromaGanInputSizeOtherThan224IsRefused() {
    ModelConfig m = model("chromagan", artistic);
    m.options.clear();
    m.options.put("inputSize", "256");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(m, "<model> "));
    assertEquals("<model> <options><inputSize>", e.element());
    assertTrue(e.getMessage().contains("takes 224 x 224 only"), e.getMessage());
  }

  @Test
  void conventionOptionsAreChecked() {
    ModelConfig m = model("deoldify", artistic);
    m.options.put("renderFactor", "0");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(m, "<model> "));
    assertEquals("<model> <options><renderFactor>", e.element());
  }

  @Test
  void aPickleThatWouldRunCodeIsRefusedNamingTheFileAndNothingRuns() throws Exception {
    Path marker = dir.resolve("marker");
    Path file = dir.resolve("evil.pth");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0x80, 2});
    b.write(("cos\nsystem\n").getBytes(StandardCharsets.US_ASCII));
    byte[] command = ("touch " + marker).getBytes(StandardCharsets.UTF_8);
    b.write('X');
    b.write(new byte[] {(byte) command.length, 0, 0, 0});
    b.write(command);
    b.write(new byte[] {(byte) 0x85, 'R', '.'});
    Files.write(file, b.toByteArray());
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(model("deoldify", file), "<model> "));
    assertEquals("<model> <path>", e.element());
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("os.system"),
        e.getMessage());
    assertFalse(Files.exists(marker));
  }

  @Test
  void aMissingFileIsNamed() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new OfficialEngine().validate(model("deoldify", dir.resolve("nope.pth")),
            "<model> "));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
