package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SharpnessContrastTest {

  static List<ReferenceData.Pair> pairs() {
    return ReferenceData.pairs();
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void sharpnessMatchesScipyLaplaceWithin1e3Relative(ReferenceData.Pair pair) {
    double expected = pair.expected("sharpness");
    assertEquals(expected, Sharpness.of(pair.pred()), 1e-3 * expected);
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void contrastMatchesNumpyStdWithin1e3Relative(ReferenceData.Pair pair) {
    double expected = pair.expected("contrast");
    assertEquals(expected, Contrast.of(pair.pred()), 1e-3 * expected);
  }

  @Test
  void laplacianOfCentredImpulse() {
    float[] l = new float[25];
    l[12] = 100;
    // -400 at the centre, 100 at its 4 neighbours: mean 0, variance (160000 + 40000) / 25.
    assertEquals(8000.0, Sharpness.of(lab(5, 5, l)), 1e-9);
  }

  @Test
  void laplacianReflectsAtTheBorder() {
    float[] l = new float[9];
    l[0] = 3;
    // scipy.ndimage.laplace(mode='reflect'): [[-6, 3, 0], [3, 0, 0], [0, 0, 0]], variance 6.
    assertEquals(6.0, Sharpness.of(lab(3, 3, l)), 1e-12);
  }

  @Test
  void flatImageHasNoSharpnessOrContrast() {
    RgbImage flat = ReferenceData.synthetic(8, 6, (x, y, c) -> 90 + 30 * c);
    assertEquals(0.0, Sharpness.of(flat));
    assertEquals(0.0, Contrast.of(flat));
  }

  @Test
  void singleRowAndColumnImagesWork() {
    RgbImage row = ReferenceData.synthetic(6, 1, (x, y, c) -> x % 2 == 0 ? 0 : 255);
    RgbImage column = ReferenceData.synthetic(1, 6, (x, y, c) -> y % 2 == 0 ? 0 : 255);
    assertEquals(Sharpness.of(row), Sharpness.of(column), 1e-9);
    assertEquals(50.0, Contrast.of(row), 1e-4);
  }

  @Test
  void blackAndWhiteHalvesHaveContrastFifty() {
    RgbImage halves = ReferenceData.synthetic(10, 4, (x, y, c) -> x < 5 ? 0 : 255);
    assertEquals(50.0, Contrast.of(halves), 1e-4);
  }

  @Test
  void nullImagesAreRejected() {
    assertThrows(NullPointerException.class, () -> Sharpness.of((RgbImage) null));
    assertThrows(NullPointerException.class, () -> Contrast.of((LabImage) null));
  }

  private static LabImage lab(int w, int h, float[] l) {
    return new LabImage(w, h, l, new float[w * h], new float[w * h]);
  }
}
