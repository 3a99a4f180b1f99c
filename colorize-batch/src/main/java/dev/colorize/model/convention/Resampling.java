package dev.colorize.model.convention;

import java.util.Arrays;

/**
 * Resizing of float planes, reproducing the two libraries the original model code uses.
 *
 * <ul>
 *   <li>{@link #bilinear}: OpenCV {@code cv2.resize(..., INTER_LINEAR)} on float32 (ChromaGAN):
 *       half-pixel centres, source coordinate clamped to the border, no antialiasing when
 *       shrinking.
 *   <li>{@link #pilBilinear}: Pillow {@code Image.resize(..., BILINEAR)} (DeOldify, and
 *       torchvision {@code Resize} on PIL images in InstColor): a triangle filter whose support
 *       widens by the shrink factor, so shrinking averages (antialiases); equal to
 *       {@link #bilinear} when enlarging.
 * </ul>
 * Both are separable, horizontal pass first, as in the libraries.
 */
public final class Resampling {

  private Resampling() {}

  /** How a convention resizes. */
  public enum Method {
    /** OpenCV INTER_LINEAR. */
    OPENCV_BILINEAR,
    /** Pillow BILINEAR (antialiased when shrinking). */
    PIL_BILINEAR
  }

  /** Resizes with {@code method}. */
  public static float[] resize(Method method, float[] src, int sw, int sh, int dw, int dh) {
    return method == Method.OPENCV_BILINEAR
        ? bilinear(src, sw, sh, dw, dh) : pilBilinear(src, sw, sh, dw, dh);
  }

  /** OpenCV INTER_LINEAR resize of a {@code sw x sh} plane to {@code dw x dh}. */
  public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
    check(src, sw, sh, dw, dh);
    if (sw == dw && sh == dh) {
      return src.clone();
    }
    int[] x0 = new int[dw];
    float[] fx = new float[dw];
    linearTaps(sw, dw, x0, fx);
    int[] y0 = new int[dh];
    float[] fy = new float[dh];
    linearTaps(sh, dh, y0, fy);
    // Horizontal pass on every source row, then vertical blend, in float like OpenCV.
    float[] rows = new float[sh * dw];
    for (int y = 0; y < sh; y++) {
      int base = y * sw;
      for (int x = 0; x < dw; x++) {
        int sx = x0[x];
        int sx1 = Math.min(sx + 1, sw - 1);
        rows[y * dw + x] = src[base + sx] * (1 - fx[x]) + src[base + sx1] * fx[x];
      }
    }
    float[] out = new float[dw * dh];
    for (int y = 0; y < dh; y++) {
      int r0 = y0[y] * dw;
      int r1 = Math.min(y0[y] + 1, sh - 1) * dw;
      float w1 = fy[y];
      float w0 = 1 - w1;
      for (int x = 0; x < dw; x++) {
        out[y * dw + x] = rows[r0 + x] * w0 + rows[r1 + x] * w1;
      }
    }
    return out;
  }

  private static void linearTaps(int in, int out, int[] index, float[] frac) {
    double scale = (double) in / out;
    for (int d = 0; d < out; d++) {
      float f = (float) ((d + 0.5) * scale - 0.5);
      int s = (int) Math.floor(f);
      f -= s;
      if (s < 0) {
        s = 0;
        f = 0;
      }
      if (s >= in - 1) {
        s = in - 1;
        f = 0;
      }
      index[d] = s;
      frac[d] = f;
    }
  }

  /** Pillow BILINEAR resize (float "F" mode) of a {@code sw x sh} plane to {@code dw x dh}. */
  public static float[] pilBilinear(float[] src, int sw, int sh, int dw, int dh) {
    check(src, sw, sh, dw, dh);
    float[] plane = src;
    int w = sw;
    if (dw != sw) {
      plane = pass(plane, w, sh, dw, true);
      w = dw;
    }
    if (dh != sh) {
      plane = pass(plane, w, sh, dh, false);
    }
    return plane == src ? src.clone() : plane;
  }

  /** One Pillow resampling pass along x ({@code horizontal}) or y. */
  private static float[] pass(float[] src, int w, int h, int outSize, boolean horizontal) {
    int inSize = horizontal ? w : h;
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale; // triangle filter support 1, widened when shrinking
    int[] start = new int[outSize];
    double[][] weights = new double[outSize][];
    for (int o = 0; o < outSize; o++) {
      double center = (o + 0.5) * scale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      double[] k = new double[Math.max(xmax, 0)];
      double sum = 0;
      for (int i = 0; i < k.length; i++) {
        double t = Math.abs((i + xmin - center + 0.5) / filterScale);
        k[i] = t < 1 ? 1 - t : 0;
        sum += k[i];
      }
      if (sum != 0) {
        for (int i = 0; i < k.length; i++) {
          k[i] /= sum;
        }
      }
      start[o] = xmin;
      weights[o] = k;
    }
    if (horizontal) {
      float[] out = new float[outSize * h];
      for (int y = 0; y < h; y++) {
        int row = y * w;
        for (int o = 0; o < outSize; o++) {
          double[] k = weights[o];
          int s0 = row + start[o];
          double acc = 0;
          for (int i = 0; i < k.length; i++) {
            acc += k[i] * src[s0 + i];
          }
          out[y * outSize + o] = (float) acc;
        }
      }
      return out;
    }
    // Vertical: accumulate whole rows so memory is read contiguously; same sums, same order.
    float[] out = new float[w * outSize];
    double[] acc = new double[w];
    for (int o = 0; o < outSize; o++) {
      Arrays.fill(acc, 0);
      double[] k = weights[o];
      for (int i = 0; i < k.length; i++) {
        double wi = k[i];
        int row = (start[o] + i) * w;
        for (int x = 0; x < w; x++) {
          acc[x] += wi * src[row + x];
        }
      }
      int dst = o * w;
      for (int x = 0; x < w; x++) {
        out[dst + x] = (float) acc[x];
      }
    }
    return out;
  }

  private static void check(float[] src, int sw, int sh, int dw, int dh) {
    if (sw < 1 || sh < 1 || dw < 1 || dh < 1) {
      throw new IllegalArgumentException(
          "resize needs positive sizes, got " + sw + "x" + sh + " -> " + dw + "x" + dh);
    }
    if (src.length != sw * sh) {
      throw new IllegalArgumentException(
          "plane has " + src.length + " values, not " + sw + "x" + sh);
    }
  }
}
