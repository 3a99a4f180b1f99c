package dev.colorize.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitTest {

  @Test
  void assignmentIsStableAndDependsOnlyOnTheId() {
    SplitAssigner a = new SplitAssigner(SplitFractions.DEFAULT);
    SplitAssigner b = new SplitAssigner(SplitFractions.DEFAULT);
    for (int i = 0; i < 500; i++) {
      String id = "음식/만두/Img_" + i + ".jpg";
      assertEquals(a.assign(id), b.assign(id));
      assertEquals(a.assign(id), a.assign(id));
    }
  }

  @Test
  void positionIsTheFirstEightBytesOfSha256() {
    // Reference values from Python: (int.from_bytes(sha256(id.encode()).digest()[:8]) >> 11) * 2**-53
    assertEquals(0.7283949105904021, SplitAssigner.position("abc"), 0);
    assertEquals(0.2517723727615174, SplitAssigner.position("음식/만두/Img_000_0000.jpg"), 0);
    assertEquals(Split.TRAIN, new SplitAssigner(SplitFractions.DEFAULT).assign("abc"));
    assertEquals(Split.VAL, new SplitAssigner(new SplitFractions(0.5, 0.3, 0.2)).assign("abc"));
    double u = SplitAssigner.position("");
    assertTrue(u >= 0 && u < 1);
  }

  @Test
  void fractionsAreRoughlyRespected() {
    SplitAssigner a = new SplitAssigner(new SplitFractions(0.7, 0.2, 0.1));
    Map<Split, Integer> counts = new EnumMap<>(Split.class);
    int n = 2000;
    for (int i = 0; i < n; i++) {
      counts.merge(a.assign("kfood/cat" + (i % 27) + "/Img_" + i + ".jpg"), 1, Integer::sum);
    }
    // Binomial sd at n=2000 is at most ~1.1%; allow ~4 sd.
    assertEquals(0.7, counts.get(Split.TRAIN) / (double) n, 0.045);
    assertEquals(0.2, counts.get(Split.VAL) / (double) n, 0.04);
    assertEquals(0.1, counts.get(Split.TEST) / (double) n, 0.03);
  }

  @Test
  void extremeFractionsPutEverythingInOneSplit() {
    SplitAssigner allTest = new SplitAssigner(new SplitFractions(0, 0, 1));
    SplitAssigner allTrain = new SplitAssigner(new SplitFractions(1, 0, 0));
    for (int i = 0; i < 200; i++) {
      assertEquals(Split.TEST, allTest.assign("id" + i));
      assertEquals(Split.TRAIN, allTrain.assign("id" + i));
    }
  }

  @Test
  void invalidFractionsAreRejectedWithTheValue() {
    InvalidDatasetSpecException e =
        assertThrows(InvalidDatasetSpecException.class, () -> new SplitFractions(0.8, 0.1, 0.2));
    assertEquals("fractions", e.setting());
    assertTrue(e.getMessage().contains("0.8,0.1,0.2"), e.getMessage());
    assertThrows(InvalidDatasetSpecException.class, () -> new SplitFractions(1.2, -0.1, -0.1));
    assertThrows(InvalidDatasetSpecException.class, () -> new SplitFractions(Double.NaN, 0, 1));
    assertThrows(InvalidDatasetSpecException.class, () -> SplitFractions.parse("0.8,0.2"));
    assertThrows(InvalidDatasetSpecException.class, () -> SplitFractions.parse("0.8,x,0.1"));
    assertEquals(new SplitFractions(0.6, 0.2, 0.2), SplitFractions.parse(" 0.6, 0.2 ,0.2"));
  }

  @Test
  void parsingSplitsFiltersAndFormats() {
    assertEquals(Split.VAL, Split.parse(" Validation "));
    assertEquals(Split.TRAIN, Split.parse("TRAIN"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Split.parse("dev"));
    assertTrue(bad.getMessage().contains("train, val, test"), bad.getMessage());

    assertEquals(SplitFilter.ALL, SplitFilter.parse("all"));
    assertTrue(SplitFilter.ALL.accepts(Split.TEST));
    assertFalse(SplitFilter.TRAIN.accepts(Split.TEST));
    assertThrows(InvalidDatasetSpecException.class, () -> SplitFilter.parse("both"));

    assertEquals(DatasetFormat.AIHUB_FOOD, DatasetFormat.fromId("aihub-food"));
    assertEquals(DatasetFormat.MANIFEST, DatasetFormat.fromId("Manifest"));
    InvalidDatasetSpecException e =
        assertThrows(InvalidDatasetSpecException.class, () -> DatasetFormat.fromId("aihub_food"));
    assertEquals("aihub_food", e.value());
    assertTrue(
        e.getMessage().contains("aihub-food, aihub-object, folder, manifest"), e.getMessage());
  }

  @Test
  void specValidatesLimitsAndName() {
    DatasetSpec spec = DatasetSpec.of("k", DatasetFormat.FOLDER, java.nio.file.Path.of("x"));
    assertThrows(InvalidDatasetSpecException.class, () -> spec.withLimit(-1));
    assertThrows(InvalidDatasetSpecException.class, () -> spec.withPerClassLimit(-3));
    assertThrows(InvalidDatasetSpecException.class, () -> spec.withManifest(java.nio.file.Path.of("m.csv")));
    assertThrows(
        InvalidDatasetSpecException.class,
        () -> DatasetSpec.of(" ", DatasetFormat.FOLDER, java.nio.file.Path.of("x")));
  }
}
