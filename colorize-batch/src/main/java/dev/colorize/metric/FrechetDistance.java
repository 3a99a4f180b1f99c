package dev.colorize.metric;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Frechet distance between two Gaussians fitted to feature vectors, the core of the Frechet
 * Inception Distance of Heusel et al., "GANs trained by a two time-scale update rule converge to
 * a local Nash equilibrium", NeurIPS 2017, arXiv:1706.08500 (Dowson and Landau 1982):
 * {@code d^2 = ||mu1 - mu2||^2 + Tr(S1) + Tr(S2) - 2 Tr(sqrtm(S1 S2))}.
 *
 * <p>Convention of pytorch-fid's {@code calculate_frechet_distance} and clean-fid's
 * {@code frechet_distance}: if the matrix square root is not finite, add {@code 1e-6 * I} to
 * both covariances and retry; take the real part. Those use {@code scipy.linalg.sqrtm} of the
 * non-symmetric product; this class computes the same trace more stably with symmetric
 * eigendecompositions (EJML): {@code A = sqrtm(S1) = V diag(sqrt(max(0, w))) V^T}, then
 * {@code Tr sqrtm(S1 S2) = sum sqrt(max(0, eig(A S2 A)))}, because {@code S1 S2 = A (A S2)} and
 * {@code (A S2) A} have the same eigenvalues, and {@code A S2 A} is symmetric positive
 * semi-definite. Clipping the tiny negative eigenvalues of round-off is what taking the real
 * part does for scipy. With finite input the decompositions only fail to converge in
 * pathological cases; that is when the {@code 1e-6} offset is applied here.
 *
 * <p>Cost for 2048-d features: a few matrix products and two symmetric eigendecompositions of
 * 2048x2048, seconds to a minute on one core. The value is the squared distance, as every FID
 * implementation reports it; it can come out a hair below 0 for equal inputs.
 */
public final class FrechetDistance {

  /** Diagonal offset added to both covariances when the square root fails (pytorch-fid eps). */
  public static final double EPSILON = 1e-6;
  /** Relative asymmetry tolerated in a covariance matrix before it is rejected. */
  private static final double SYMMETRY_TOLERANCE = 1e-9;

  private FrechetDistance() {}

  /**
   * Frechet distance between the Gaussians of two feature statistics.
   *
   * @throws MetricInputException if the dimensions differ
   * @throws IllegalStateException if either has fewer than 2 vectors
   */
  public static double of(FeatureStatistics a, FeatureStatistics b) {
    Objects.requireNonNull(a, "Frechet distance: first statistics are null");
    Objects.requireNonNull(b, "Frechet distance: second statistics are null");
    if (a.dimension() != b.dimension()) {
      throw new MetricInputException("Frechet distance: feature dimensions differ, "
          + a.dimension() + " vs " + b.dimension());
    }
    return of(a.mean(), a.covariance(), b.mean(), b.covariance());
  }

  /**
   * Frechet distance between N(mu1, sigma1) and N(mu2, sigma2).
   *
   * @param sigma1 symmetric positive semi-definite d x d covariance (as numpy.cov gives)
   * @throws MetricInputException if shapes disagree, a value is not finite, or a covariance is
   *     not symmetric
   * @throws ArithmeticException if the eigendecompositions fail even with the offset
   */
  public static double of(double[] mu1, double[][] sigma1, double[] mu2, double[][] sigma2) {
    int d = checkMean("mu1", mu1);
    if (checkMean("mu2", mu2) != d) {
      throw new MetricInputException(
          "Frechet distance: mean lengths differ, mu1 " + d + " vs mu2 " + mu2.length);
    }
    DMatrixRMaj s1 = checkCovariance("sigma1", sigma1, d);
    DMatrixRMaj s2 = checkCovariance("sigma2", sigma2, d);

    double meanTerm = 0;
    for (int i = 0; i < d; i++) {
      double diff = mu1[i] - mu2[i];
      meanTerm += diff * diff;
    }
    double traceSqrt = traceSqrtProduct(s1, s2);
    if (!Double.isFinite(traceSqrt)) {
      DMatrixRMaj o1 = s1.copy();
      DMatrixRMaj o2 = s2.copy();
      for (int i = 0; i < d; i++) {
        o1.add(i, i, EPSILON);
        o2.add(i, i, EPSILON);
      }
      traceSqrt = traceSqrtProduct(o1, o2);
      if (!Double.isFinite(traceSqrt)) {
        throw new ArithmeticException("Frechet distance: eigendecomposition of the " + d + "x" + d
            + " covariances did not converge, even with " + EPSILON + " added to the diagonal");
      }
    }
    return meanTerm + CommonOps_DDRM.trace(s1) + CommonOps_DDRM.trace(s2) - 2 * traceSqrt;
  }

  /** Tr sqrtm(S1 S2) via symmetric eigendecompositions, or NaN if one does not converge. */
  static double traceSqrtProduct(DMatrixRMaj s1, DMatrixRMaj s2) {
    int d = s1.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eig1 = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eig1.decompose(s1.copy())) {
      return Double.NaN;
    }
    // A = V diag(sqrt(max(0, w))) V^T, built as (V sqrt(W)) V^T.
    DMatrixRMaj v = new DMatrixRMaj(d, d);
    DMatrixRMaj vScaled = new DMatrixRMaj(d, d);
    for (int k = 0; k < d; k++) {
      DMatrixRMaj vector = eig1.getEigenVector(k);
      if (vector == null) {
        return Double.NaN;
      }
      double root = Math.sqrt(Math.max(0, eig1.getEigenvalue(k).getReal()));
      for (int i = 0; i < d; i++) {
        v.set(i, k, vector.get(i));
        vScaled.set(i, k, vector.get(i) * root);
      }
    }
    DMatrixRMaj sqrt1 = new DMatrixRMaj(d, d);
    CommonOps_DDRM.multTransB(vScaled, v, sqrt1);
    symmetrize(sqrt1);
    DMatrixRMaj tmp = new DMatrixRMaj(d, d);
    DMatrixRMaj m = new DMatrixRMaj(d, d);
    CommonOps_DDRM.mult(sqrt1, s2, tmp);
    CommonOps_DDRM.mult(tmp, sqrt1, m);
    symmetrize(m);
    EigenDecomposition_F64<DMatrixRMaj> eig2 = DecompositionFactory_DDRM.eig(d, false, true);
    if (!eig2.decompose(m)) {
      return Double.NaN;
    }
    double trace = 0;
    for (int k = 0; k < eig2.getNumberOfEigenvalues(); k++) {
      trace += Math.sqrt(Math.max(0, eig2.getEigenvalue(k).getReal()));
    }
    return trace;
  }

  private static void symmetrize(DMatrixRMaj m) {
    int d = m.numRows;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double v = 0.5 * (m.get(i, j) + m.get(j, i));
        m.set(i, j, v);
        m.set(j, i, v);
      }
    }
  }

  private static int checkMean(String name, double[] mu) {
    if (mu == null) {
      throw new MetricInputException("Frechet distance: " + name + " is null");
    }
    if (mu.length == 0) {
      throw new MetricInputException("Frechet distance: " + name + " is empty");
    }
    for (int i = 0; i < mu.length; i++) {
      if (!Double.isFinite(mu[i])) {
        throw new MetricInputException(
            "Frechet distance: " + name + "[" + i + "] is not finite: " + mu[i]);
      }
    }
    return mu.length;
  }

  private static DMatrixRMaj checkCovariance(String name, double[][] sigma, int d) {
    if (sigma == null) {
      throw new MetricInputException("Frechet distance: " + name + " is null");
    }
    if (sigma.length != d) {
      throw new MetricInputException("Frechet distance: " + name + " has " + sigma.length
          + " rows, expected " + d + " (the mean's length)");
    }
    double largest = 0;
    for (int i = 0; i < d; i++) {
      if (sigma[i] == null || sigma[i].length != d) {
        throw new MetricInputException("Frechet distance: " + name + " row " + i + " has "
            + (sigma[i] == null ? "no" : String.valueOf(sigma[i].length)) + " columns, expected "
            + d);
      }
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(sigma[i][j])) {
          throw new MetricInputException("Frechet distance: " + name + "[" + i + "][" + j
              + "] is not finite: " + sigma[i][j]);
        }
        largest = Math.max(largest, Math.abs(sigma[i][j]));
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        if (Math.abs(sigma[i][j] - sigma[j][i]) > SYMMETRY_TOLERANCE * largest) {
          throw new MetricInputException("Frechet distance: " + name + " is not symmetric: ["
              + i + "][" + j + "] = " + sigma[i][j] + " but [" + j + "][" + i + "] = "
              + sigma[j][i]);
        }
      }
    }
    return new DMatrixRMaj(sigma);
  }
}
