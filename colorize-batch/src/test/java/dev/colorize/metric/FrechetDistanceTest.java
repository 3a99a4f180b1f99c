package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrechetDistanceTest {

  static List<Map<String, String>> cases() {
    return ReferenceData.csv("fid/fid.csv");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesPytorchFidSqrtmFormula(Map<String, String> c) {
    FeatureStatistics a = FeatureStatisticsTest.load(c.get("features_a"));
    FeatureStatistics b = FeatureStatisticsTest.load(c.get("features_b"));
    double expected = Double.parseDouble(c.get("fid_sqrtm"));
    double actual = FrechetDistance.of(a, b);
    // Equal inputs: the reference is round-off around 0, so compare absolutely.
    double tolerance = Math.max(1e-6 * Math.abs(expected), 1e-6);
    assertEquals(expected, actual, tolerance, c.get("case"));
  }

  @Test
  void oneDimensionalClosedForm() {
    // (0 - 1)^2 + 1 + 4 - 2 sqrt(1 * 4) = 2
    assertEquals(2.0, FrechetDistance.of(new double[] {0}, new double[][] {{1}},
        new double[] {1}, new double[][] {{4}}), 1e-12);
  }

  @Test
  void diagonalCovariancesGiveSumOfSquaredRootDifferences() {
    double[] v1 = {1, 4, 9, 0.25};
    double[] v2 = {4, 4, 1, 0};
    double expected = 0.5 * 0.5 * 4; // mean difference 0.5 in each of 4 dimensions
    double[][] s1 = new double[4][4];
    double[][] s2 = new double[4][4];
    for (int i = 0; i < 4; i++) {
      s1[i][i] = v1[i];
      s2[i][i] = v2[i];
      double diff = Math.sqrt(v1[i]) - Math.sqrt(v2[i]);
      expected += diff * diff;
    }
    assertEquals(expected, FrechetDistance.of(new double[4], s1,
        new double[] {0.5, 0.5, 0.5, 0.5}, s2), 1e-12);
  }

  @Test
  void isSymmetricInItsArguments() {
    FeatureStatistics a = FeatureStatisticsTest.load("a_n50_d64.csv");
    FeatureStatistics b = FeatureStatisticsTest.load("b_n50_d64.csv");
    double ab = FrechetDistance.of(a, b);
    assertEquals(ab, FrechetDistance.of(b, a), 1e-9 * ab);
  }

  @Test
  void mismatchedShapesAreRejectedWithTheSizes() {
    double[][] s2 = {{1, 0}, {0, 1}};
    MetricInputException means = assertThrows(MetricInputException.class,
        () -> FrechetDistance.of(new double[2], s2, new double[3], s2));
    assertTrue(means.getMessage().contains("mu1 2 vs mu2 3"), means.getMessage());
    MetricInputException rows = assertThrows(MetricInputException.class,
        () -> FrechetDistance.of(new double[2], new double[][] {{1, 0}}, new double[2], s2));
    assertTrue(rows.getMessage().contains("sigma1 has 1 rows, expected 2"), rows.getMessage());
    MetricInputException cols = assertThrows(MetricInputException.class,
        () -> FrechetDistance.of(new double[2], s2, new double[2], new double[][] {{1, 0}, {0}}));
    assertTrue(cols.getMessage().contains("sigma2 row 1 has 1 columns"), cols.getMessage());
    MetricInputException dims = assertThrows(MetricInputException.class,
        () -> FrechetDistance.of(new FeatureStatistics(3), new FeatureStatistics(4)));
    assertTrue(dims.getMessage().contains("3 vs 4"), dims.getMessage());
  }

  @Test
  void nonFiniteOrAsymmetricInputIsRejected() {
    double[][] ok = {{1, 0}, {0, 1}};
    MetricInputException nan = assertThrows(MetricInputException.class,
        () -> FrechetDistance.of(new double[] {0, Double.NaN}, ok, new double[2], ok));
    assertTrue(nan.getMessage().contains("mu1[1]"), nan.getMessage());
    MetricInputException inf = assertThrows(MetricInputException.class, () -> FrechetDistance.of(
        new double[2], ok, new double[2], new double[][] {{1, 0}, {0, Double.POSITIVE_INFINITY}}));
    assertTrue(inf.getMessage().contains("sigma2[1][1]"), inf.getMessage());
    MetricInputException asym = assertThrows(MetricInputException.class, () -> FrechetDistance.of(
        new double[2], new double[][] {{1, 0.5}, {0.2, 1}}, new double[2], ok));
    assertTrue(asym.getMessage().contains("not symmetric"), asym.getMessage());
  }

  @Test
  void statisticsWithOneVectorHaveNoCovariance() {
    FeatureStatistics one = new FeatureStatistics(2);
    one.add(new double[] {1, 2});
    assertThrows(IllegalStateException.class, () -> FrechetDistance.of(one, one));
  }
}
