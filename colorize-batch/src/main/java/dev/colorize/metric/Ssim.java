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
 * <p>Implementation, shaped so that the JIT vectorises every filter loop (it vectorises short
 * loops over equal indices of several arrays, or over one array at offsets that are multiples
 * of the vector length, but not the 1-pixel offsets of a plain horizontal filter): the output
 * rows are cut into {@link #LANES} bands, and row j of every band is interleaved into one array
 * ({@code x * LANES + band}). Then the vertical 11-tap filter combines 11 such arrays at equal
 * indices and the horizontal one reads one array at offsets of {@code LANES}. Input groups and
 * their moments x, y, x^2 + y^2, xy stream through a ring of the last 11 (the formula needs the
 * variances only as a sum, so x^2 and y^2 are filtered as one plane). Symmetric taps are
 * folded. A few arrays per call, none per pixel.
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
    int bandRows = (oh + LANES - 1) / LANES; // output rows per band
    int groups = bandRows + 2 * RADIUS; // input rows per band
    int iw = w * LANES;
    int mw = ow * LANES;
    Scratch scratch = Scratch.forWidth(w);
    double[][][] ring = scratch.ring; // x, y, x^2 + y^2, xy of the last 11 groups
    double[][] vertical = scratch.vertical;
    double[][] moments = scratch.moments;
    double[] map = scratch.map;
    byte[] a = truth.rgb();
    byte[] b = pred.rgb();
    double total = 0;
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      for (int j = 0; j < groups; j++) {
        int slot = j % WINDOW;
        fillGroup(a, w, h, c, j, bandRows, ring[0][slot]);
        fillGroup(b, w, h, c, j, bandRows, ring[1][slot]);
        products(ring[0][slot], ring[1][slot], ring[2][slot], ring[3][slot], iw);
        if (j >= WINDOW - 1) {
          int out = j - (WINDOW - 1); // output group: band k holds output row k * bandRows + out
          for (int p = 0; p < MOMENTS; p++) {
            filterColumn(window(ring[p], out), vertical[p], iw);
            filterRow(vertical[p], moments[p], mw);
          }
          ssimMap(moments, map, mw);
          int validBands = Math.min(LANES, (oh - out + bandRows - 1) / bandRows);
          sum += validBands == LANES ? PartialSums.sum(map, mw) : sumBands(map, ow, validBands);
        }
      }
      total += sum / ((double) ow * oh);
    }
    return total / 3.0;
  }

  /**
   * The working rows of one call, kept per thread for the next call of the same width: every
   * value is written before it is read, and fresh arrays (860 KB at 256 pixels) would cost their
   * zeroing on every image.
   */
  private static final class Scratch {
    private static final ThreadLocal<Scratch> LAST = new ThreadLocal<>();

    final int width;
    final double[][][] ring;
    final double[][] vertical;
    final double[][] moments;
    final double[] map;

    private Scratch(int width) {
      this.width = width;
      int iw = width * LANES;
      int mw = (width - 2 * RADIUS) * LANES;
      ring = new double[MOMENTS][WINDOW][iw];
      vertical = new double[MOMENTS][iw];
      moments = new double[MOMENTS][mw];
      map = new double[mw];
    }

    static Scratch forWidth(int width) {
      Scratch last = LAST.get();
      if (last == null || last.width != width) {
        last = new Scratch(width);
        LAST.set(last);
      }
      return last;
    }
  }

  /** Bands per interleaved row: 8 doubles, one AVX-512 vector. */
  static final int LANES = 8;
  /** Filtered planes: x, y, x^2 + y^2, xy. */
  private static final int MOMENTS = 4;

  /**
   * Channel c of row j of every band, interleaved: {@code dst[x * LANES + k]} is pixel x of
   * image row {@code k * bandRows + j}, or 0 below the image (those bands' outputs are not
   * counted).
   */
  private static void fillGroup(byte[] rgb, int w, int h, int c, int j, int bandRows,
      double[] dst) {
    for (int k = 0; k < LANES; k++) {
      int y = k * bandRows + j;
      if (y < h) {
        for (int x = 0, src = y * w * 3 + c, d = k; x < w; x++, src += 3, d += LANES) {
          dst[d] = rgb[src] & 0xFF;
        }
      } else {
        for (int x = 0, d = k; x < w; x++, d += LANES) {
          dst[d] = 0;
        }
      }
    }
  }

  /** The 11 ring slots of input groups {@code top .. top + 10}, in order. */
  private static double[][] window(double[][] ring, int top) {
    double[][] rows = new double[WINDOW][];
    for (int k = 0; k < WINDOW; k++) {
      rows[k] = ring[(top + k) % WINDOW];
    }
    return rows;
  }

  /**
   * Horizontal pass, valid columns only: dst[i] = sum_k g[k] src[i + k LANES] (the neighbours
   * of an interleaved pixel are LANES apart). Three short loops, the same sums in the same
   * order as one long one: the JIT vectorises loops only up to a small body size.
   */
  private static void filterRow(double[] src, double[] dst, int n) {
    double g0 = KERNEL[0];
    double g1 = KERNEL[1];
    double g2 = KERNEL[2];
    double g3 = KERNEL[3];
    double g4 = KERNEL[4];
    double g5 = KERNEL[5];
    for (int i = 0; i < n; i++) {
      dst[i] = g0 * (src[i] + src[i + 10 * LANES]);
    }
    for (int i = 0; i < n; i++) {
      dst[i] = dst[i] + g1 * (src[i + LANES] + src[i + 9 * LANES]);
    }
    for (int i = 0; i < n; i++) {
      dst[i] = dst[i] + g2 * (src[i + 2 * LANES] + src[i + 8 * LANES]);
    }
    for (int i = 0; i < n; i++) {
      dst[i] = dst[i] + g3 * (src[i + 3 * LANES] + src[i + 7 * LANES]);
    }
    for (int i = 0; i < n; i++) {
      dst[i] = dst[i] + g4 * (src[i + 4 * LANES] + src[i + 6 * LANES]);
    }
    for (int i = 0; i < n; i++) {
      dst[i] = dst[i] + g5 * src[i + 5 * LANES];
    }
  }

  /** Vertical pass: dst[i] = sum_k g[k] r[k][i]. */
  private static void filterColumn(double[][] r, double[] dst, int n) {
    double[] r0 = r[0];
    double[] r1 = r[1];
    double[] r2 = r[2];
    double[] r3 = r[3];
    double[] r4 = r[4];
    double[] r5 = r[5];
    double[] r6 = r[6];
    double[] r7 = r[7];
    double[] r8 = r[8];
    double[] r9 = r[9];
    double[] r10 = r[10];
    double g0 = KERNEL[0];
    double g1 = KERNEL[1];
    double g2 = KERNEL[2];
    double g3 = KERNEL[3];
    double g4 = KERNEL[4];
    double g5 = KERNEL[5];
    for (int i = 0; i < n; i++) {
      dst[i] = g0 * (r0[i] + r10[i]) + g1 * (r1[i] + r9[i]);
    }
    for (int i = 0; i < n; i++) {
      dst[i] = dst[i] + g2 * (r2[i] + r8[i]) + g3 * (r3[i] + r7[i]);
    }
    for (int i = 0; i < n; i++) {
      dst[i] = dst[i] + g4 * (r4[i] + r6[i]) + g5 * r5[i];
    }
  }

  /** The moments x^2 + y^2 and xy of an input group (exact: integers below 2^18). */
  private static void products(double[] x, double[] y, double[] squares, double[] xy, int n) {
    for (int i = 0; i < n; i++) {
      double vx = x[i];
      double vy = y[i];
      squares[i] = vx * vx + vy * vy;
      xy[i] = vx * vy;
    }
  }

  /**
   * The SSIM map from the filtered moments (scikit-image's formula, with its two variances
   * summed: {@code vx + vy = E[x^2 + y^2] - mx^2 - my^2}).
   */
  private static void ssimMap(double[][] m, double[] map, int n) {
    double[] ux = m[0];
    double[] uy = m[1];
    double[] usq = m[2];
    double[] uxy = m[3];
    for (int i = 0; i < n; i++) { // numerator, kept in map
      double mxy = ux[i] * uy[i];
      map[i] = (2 * mxy + C1) * (2 * (uxy[i] - mxy) + C2);
    }
    for (int i = 0; i < n; i++) { // over the denominator
      double mx = ux[i];
      double my = uy[i];
      double mm = mx * mx + my * my;
      map[i] = map[i] / ((mm + C1) * (usq[i] - mm + C2));
    }
  }

  /** Sum over the first {@code bands} bands of an interleaved map row of {@code ow} pixels. */
  private static double sumBands(double[] map, int ow, int bands) {
    double s = 0;
    for (int x = 0; x < ow; x++) {
      for (int k = 0; k < bands; k++) {
        s += map[x * LANES + k];
      }
    }
    return s;
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
