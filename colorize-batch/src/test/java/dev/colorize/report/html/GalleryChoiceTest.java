package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GalleryChoiceTest {

  private static GalleryChoice choiceOf(String metric, double... values) {
    GalleryChoice choice = new GalleryChoice(metric);
    for (double value : values) {
      choice.add(value);
    }
    return choice;
  }

  @Test
  void aStreamOfTenThousandRowsGivesTheSameChoiceAsSortingThemAll() {
    java.util.Random random = new java.util.Random(13);
    double[] values = new double[10_001];
    GalleryChoice choice = new GalleryChoice("psnr");
    for (int i = 0; i < values.length; i++) {
      // Few distinct values, so ties are common and their order (row position) matters.
      values[i] = i % 97 == 0 ? Double.NaN : random.nextInt(500) / 10.0;
      choice.add(values[i]);
    }
    Integer[] order = java.util.stream.IntStream.range(0, values.length)
        .filter(i -> !Double.isNaN(values[i])).boxed().toArray(Integer[]::new);
    // psnr: higher is better, so ascending value is worst first; ties by position.
    java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingDouble(i -> values[i])
        .thenComparingInt(i -> i));
    int n = order.length;

    GalleryChoice.Picks picks = choice.choose(5);

    assertArrayEquals(new int[] {order[0], order[1], order[2], order[3], order[4]},
        picks.worst());
    assertArrayEquals(new int[] {order[n - 1], order[n - 2], order[n - 3], order[n - 4],
        order[n - 5]}, picks.best());
    int m = (n - 5) / 2;
    assertArrayEquals(new int[] {order[m], order[m + 1], order[m + 2], order[m + 3],
        order[m + 4]}, picks.median());
  }

  @Test
  void lowerIsBetterPicksTheLargestAsWorstAndTheSmallestAsBest() {
    // Positions 0..8; CIEDE2000 values chosen so sorted-by-quality order is 3 7 0 5 8 1 6 2 4.
    GalleryChoice choice = choiceOf("delta_e2000", 7, 4, 2, 20, 1, 6, 3, 9, 5);

    GalleryChoice.Picks picks = choice.choose(3);

    assertEquals(9, choice.rows());
    assertArrayEquals(new int[] {3, 7, 0}, picks.worst(), "20, 9, 7: largest differences");
    assertArrayEquals(new int[] {5, 8, 1}, picks.median(), "6, 5, 4 around the median 5");
    assertArrayEquals(new int[] {4, 2, 6}, picks.best(), "1, 2, 3: best first");
  }

  @Test
  void higherIsBetterPicksTheSmallestAsWorst() {
    GalleryChoice.Picks picks = choiceOf("psnr", 30, 10, 20, 40, 25).choose(1);

    assertArrayEquals(new int[] {1}, picks.worst());
    assertArrayEquals(new int[] {4}, picks.median(), "25 is the median of 10 20 25 30 40");
    assertArrayEquals(new int[] {3}, picks.best());
  }

  @Test
  void nanTakesNoPartInfinityDoesAndTiesKeepRowOrder() {
    GalleryChoice.Picks picks = choiceOf("psnr", Double.NaN, 5, Double.POSITIVE_INFINITY, 5)
        .choose(2);

    assertArrayEquals(new int[] {1, 3}, picks.worst(), "ties by row position");
    assertArrayEquals(new int[] {2, 3}, picks.best(), "identical images (inf dB) are best");
  }

  @Test
  void fewerImagesThanAskedPutsThemAllInEveryGroup() {
    GalleryChoice.Picks picks = choiceOf("delta_e2000", 2, 1).choose(3);

    assertArrayEquals(new int[] {0, 1}, picks.worst());
    assertArrayEquals(new int[] {0, 1}, picks.median());
    assertArrayEquals(new int[] {1, 0}, picks.best());
  }

  @Test
  void aMetricWithoutADirectionIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new GalleryChoice("sharpness"));
  }
}
