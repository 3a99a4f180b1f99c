package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageScorerTest {

  static List<ReferenceData.Pair> pairs() {
    return ReferenceData.pairs();
  }

  @Test
  void columnsAreInTheDocumentedOrder() {
    assertEquals(List.of("psnr", "ssim", "colorfulness", "colorfulness_truth",
        "colorfulness_delta", "sharpness", "contrast", "delta_e2000"), ImageScores.COLUMNS);
  }

  @Test
  void valuesFollowColumnOrder() {
    ImageScores s = new ImageScores(1, 2, 3, 4, 5, 6, 7, 8);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, s.values());
    assertEquals(ImageScores.COLUMNS.size(), s.values().length);
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void everyColumnMatchesTheReference(ReferenceData.Pair pair) {
    ImageScores scores = ImageScorer.score(pair.pred(), pair.truth());
    double[] values = scores.values();
    for (int i = 0; i < values.length; i++) {
      String column = ImageScores.COLUMNS.get(i);
      double expected = pair.expected(column);
      double tolerance = switch (column) {
        case "psnr", "colorfulness", "colorfulness_truth", "colorfulness_delta", "delta_e2000" ->
            1e-3;
        case "ssim" -> 1e-4;
        default -> 1e-3 * Math.abs(expected); // sharpness, contrast: relative
      };
      if (Double.isInfinite(expected)) {
        assertEquals(expected, values[i], pair.name() + " " + column);
      } else {
        assertEquals(expected, values[i], tolerance, pair.name() + " " + column);
      }
    }
    assertEquals(scores.colorfulness() - scores.colorfulnessTruth(),
        scores.colorfulnessDelta(), 1e-12);
  }

  @Test
  void grayPredictionHasNegativeColorfulnessDelta() {
    ReferenceData.Pair gray = pairs().stream()
        .filter(p -> p.name().startsWith("gray_vs_colour")).findFirst().orElseThrow();
    ImageScores scores = ImageScorer.score(gray.pred(), gray.truth());
    assertEquals(0.0, scores.colorfulness());
    assertTrue(scores.colorfulnessDelta() < -100, "delta " + scores.colorfulnessDelta());
  }

  @Test
  void sizeMismatchIsRejectedBeforeAnyWork() {
    MetricInputException e = assertThrows(MetricInputException.class,
        () -> ImageScorer.score(RgbImage.blank(32, 32), RgbImage.blank(32, 31)));
    assertTrue(e.getMessage().contains("pred 32x32 vs truth 32x31"), e.getMessage());
  }

  @Test
  void tooSmallForSsimIsRejectedWithItsSize() {
    MetricInputException e = assertThrows(MetricInputException.class,
        () -> ImageScorer.score(RgbImage.blank(8, 40), RgbImage.blank(8, 40)));
    assertTrue(e.getMessage().contains("8x40"), e.getMessage());
  }
}
