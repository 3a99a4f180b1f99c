package dev.colorize.metric;

import dev.colorize.image.RgbImage;

/**
 * Mean structural similarity (SSIM) of Wang, Bovik, Sheikh and Simoncelli, "Image quality
 * assessment: from error visibility to structural similarity", IEEE TIP 13(4), 2004,
 * DOI 10.1109/TIP.2003.819861, computed per R, G, B channel and averaged.
 *
 * <p>Convention (the paper's): Gaussian weighting window with sigma 1.5 truncated at 3.5 sigma
 * (radius 5, an 11x11 window), K1 = 0.01, K2 = 0.03, data range 255, population (weighted)
 * variances and covariance. Matches
 * {@code skimage.metrics.structural_similarity(truth, pred, channel_axis=2, gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False, data_range=255)}; scikit-image's defaults (7x7 uniform
 * window, sample covariance, data range from the dtype) give different numbers.
 *
 * <p>scikit-image filters with {@code scipy.ndimage.gaussian_filter} (mode {@code 'reflect'},
 * {@code truncate=3.5}) and then averages the SSIM map without its border of
 * {@code (11 - 1) / 2 = 5} pixels. Every window centred inside that crop lies wholly inside the
 * image, so the reflected border never reaches the mean: this class therefore computes the map
 * only on the cropped region, which is exactly scikit-image's value and saves the border work.
 * Both sides must be at least 11 pixels (scikit-image raises for smaller images too).
 *
 * <p>Implementation: separable 11-tap filter (symmetric taps folded) on double rows of x, y, x^2, y^2, xy, streamed
 * through a ring of the last 11 filtered rows; a few small arrays per call, none per pixel.
 */
public final class Ssim {

  /** Gaussian sigma of the weighting window. */
  public static final double SIGMA = 1.5;
  /** Window radius: {@code int(3.5 * sigma + 0.5)} as scipy.ndimage computes it. */
  public static final int RADIUS = (int) (3.5 * SIGMA + 0.5);
  /** Window side, 11. Also the smallest image width and height accepted. */
  public static final int WINDOW = 2 * RADIUS + 1;
  /** Stabilising constants {@code (K1 * 255)^2} and {@code (K2 * 255)^2}. */
  static final double C1 = Math.pow(0.01 * 255.0, 2);
  static final double C2 = Math.pow(0.03 * 255.0, 2);

  /** Normalised 1-D Gaussian taps, as scipy.ndimage._gaussian_kernel1d. */
  private static final double[] KERNEL = gaussianKernel(SIGMA, RADIUS);

  private Ssim() {}

  /**
   * Mean SSIM of a prediction against its ground truth (symmetric), in [-1, 1]; 1 for identical
   * images.
   *
   * @throws MetricInputException if the sizes differ or a side is shorter than {@link #WINDOW}
   */
  public static double of(RgbImage pred, RgbImage truth) {
    Inputs.requireSameSize("SSIM", pred, truth);
    int w = pred.width();
    int h = pred.height();
    if (w < WINDOW || h < WINDOW) {
      throw new MetricInputException("SSIM: image " + w + "x" + h + " is smaller than the "
          + WINDOW + "x" + WINDOW + " Gaussian window; score at a larger resolution");
    }
    int ow = w - 2 * RADIUS;
    int oh = h - 2 * RADIUS;
    // Streaming over rows: the horizontally filtered moments (x, y, x^2, y^2, xy) of the last
    // WINDOW rows live in a ring, so the working set stays in cache (~100 KiB at 256 wide).
    double[][] rowPlanes = new double[5][w];
    double[][][] ring = new double[WINDOW][5][ow];
    double[][] moments = new double[5][ow];
    double[] map = new double[ow];
    byte[] a = truth.rgb();
    byte[] b = pred.rgb();
    double total = 0;
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      for (int y = 0; y < h; y++) {
        fillRow(a, b, y * w, w, c, rowPlanes);
        double[][] slot = ring[y % WINDOW];
        for (int p = 0; p < 5; p++) {
          filterRow(rowPlanes[p], slot[p], ow);
        }
        if (y >= WINDOW - 1) {
          int top = y - (WINDOW - 1); // first input row of the window of output row `top`
          for (int p = 0; p < 5; p++) {
            filterColumn(ring, top, p, moments[p], ow);
          }
          ssimRow(moments, map, ow);
          sum += sum(map, ow);
        }
      }
      total += sum / ((double) ow * oh);
    }
    return total / 3.0;
  }

  /** Channel c of image row starting at pixel {@code start}: x, y, x^2, y^2, xy as doubles. */
  private static void fillRow(byte[] a, byte[] b, int start, int w, int c, double[][] out) {
    double[] px = out[0];
    double[] py = out[1];
    double[] pxx = out[2];
    double[] pyy = out[3];
    double[] pxy = out[4];
    for (int x = 0, j = start * 3 + c; x < w; x++, j += 3) { // strided: not vectorised
      px[x] = a[j] & 0xFF;
      py[x] = b[j] & 0xFF;
    }
    for (int x = 0; x < w; x++) { // vectorised
      double vx = px[x];
      double vy = py[x];
      pxx[x] = vx * vx;
      pyy[x] = vy * vy;
      pxy[x] = vx * vy;
    }
  }

  /**
   * Horizontal pass, valid columns only: dst[x] = sum_k g[k] src[x + k]. The kernel is symmetric,
   * so mirrored taps are added before multiplying, and each output is one register sum (no
   * read-modify-write of dst per tap).
   */
  private static void filterRow(double[] src, double[] dst, int ow) {
    double g0 = KERNEL[0];
    double g1 = KERNEL[1];
    double g2 = KERNEL[2];
    double g3 = KERNEL[3];
    double g4 = KERNEL[4];
    double g5 = KERNEL[5];
    for (int x = 0; x < ow; x++) {
      dst[x] = g0 * (src[x] + src[x + 10]) + g1 * (src[x + 1] + src[x + 9])
          + g2 * (src[x + 2] + src[x + 8]) + g3 * (src[x + 3] + src[x + 7])
          + g4 * (src[x + 4] + src[x + 6]) + g5 * src[x + 5];
    }
  }

  /**
   * Vertical pass: dst[x] = sum_k g[k] row(top + k)[x], rows taken from the ring. Three short
   * loops (the same sums in the same order) rather than one: the JIT vectorises loops only up to
   * a small body size.
   */
  private static void filterColumn(double[][][] ring, int top, int p, double[] dst, int ow) {
    double[] r0 = ring[top % WINDOW][p];
    double[] r1 = ring[(top + 1) % WINDOW][p];
    double[] r2 = ring[(top + 2) % WINDOW][p];
    double[] r3 = ring[(top + 3) % WINDOW][p];
    double[] r4 = ring[(top + 4) % WINDOW][p];
    double[] r5 = ring[(top + 5) % WINDOW][p];
    double[] r6 = ring[(top + 6) % WINDOW][p];
    double[] r7 = ring[(top + 7) % WINDOW][p];
    double[] r8 = ring[(top + 8) % WINDOW][p];
    double[] r9 = ring[(top + 9) % WINDOW][p];
    double[] r10 = ring[(top + 10) % WINDOW][p];
    double g0 = KERNEL[0];
    double g1 = KERNEL[1];
    double g2 = KERNEL[2];
    double g3 = KERNEL[3];
    double g4 = KERNEL[4];
    double g5 = KERNEL[5];
    for (int x = 0; x < ow; x++) {
      dst[x] = g0 * (r0[x] + r10[x]) + g1 * (r1[x] + r9[x]);
    }
    for (int x = 0; x < ow; x++) {
      dst[x] = dst[x] + g2 * (r2[x] + r8[x]) + g3 * (r3[x] + r7[x]);
    }
    for (int x = 0; x < ow; x++) {
      dst[x] = dst[x] + g4 * (r4[x] + r6[x]) + g5 * r5[x];
    }
  }

  /** The SSIM map of one row from the filtered moments (scikit-image's formula). */
  private static void ssimRow(double[][] m, double[] map, int ow) {
    double[] ux = m[0];
    double[] uy = m[1];
    double[] uxx = m[2];
    double[] uyy = m[3];
    double[] uxy = m[4];
    for (int x = 0; x < ow; x++) {
      double mx = ux[x];
      double my = uy[x];
      double vx = uxx[x] - mx * mx;
      double vy = uyy[x] - my * my;
      double vxy = uxy[x] - mx * my;
      double a1 = 2 * mx * my + C1;
      double a2 = 2 * vxy + C2;
      double b1 = mx * mx + my * my + C1;
      double b2 = vx + vy + C2;
      map[x] = (a1 * a2) / (b1 * b2);
    }
  }

  /** Sum of the first {@code len} values, four partial sums (which the JIT can interleave). */
  private static double sum(double[] values, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      s0 += values[i];
      s1 += values[i + 1];
      s2 += values[i + 2];
      s3 += values[i + 3];
    }
    for (; i < len; i++) {
      s0 += values[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  static double[] gaussianKernel(double sigma, int radius) {
    double[] k = new double[2 * radius + 1];
    double total = 0;
    for (int i = -radius; i <= radius; i++) {
      double v = Math.exp(-0.5 / (sigma * sigma) * i * i);
      k[i + radius] = v;
      total += v;
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= total;
    }
    return k;
  }
}
