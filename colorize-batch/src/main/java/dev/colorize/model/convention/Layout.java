package dev.colorize.model.convention;

import java.util.Locale;

/** Axis order of an image tensor: NCHW (PyTorch, ONNX) or NHWC (Keras/TensorFlow). */
public enum Layout {
  NCHW,
  NHWC;

  /** The option spelling, {@code nchw} or {@code nhwc}. */
  public String option() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Layout from(Options options, Layout defaultValue) {
    return Layout.valueOf(options.choice("layout", defaultValue.option(), "nchw", "nhwc")
        .toUpperCase(Locale.ROOT));
  }

  /** Shape of {@code n} images of {@code c} channels, {@code h x w}. */
  long[] shape(int n, int c, int h, int w) {
    return this == NCHW ? new long[] {n, c, h, w} : new long[] {n, h, w, c};
  }

  /** Index of element (n, c, y, x) in a row-major tensor of this layout. */
  int index(int n, int c, int y, int x, int channels, int h, int w) {
    return this == NCHW
        ? ((n * channels + c) * h + y) * w + x
        : ((n * h + y) * w + x) * channels + c;
  }

  /** Writes plane {@code plane} ({@code h x w}) as channel {@code c} of image {@code n}. */
  void put(float[] data, float[] plane, int n, int c, int channels, int h, int w) {
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        data[index(n, c, y, x, channels, h, w)] = plane[y * w + x];
      }
    }
  }

  /** Reads channel {@code c} of image {@code n} as an {@code h x w} plane. */
  float[] plane(float[] data, int n, int c, int channels, int h, int w) {
    float[] plane = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        plane[y * w + x] = data[index(n, c, y, x, channels, h, w)];
      }
    }
    return plane;
  }

  /** Channel axis of a rank-4 tensor in this layout. */
  int channelAxis() {
    return this == NCHW ? 1 : 3;
  }

  int heightAxis() {
    return this == NCHW ? 2 : 1;
  }

  int widthAxis() {
    return this == NCHW ? 3 : 2;
  }
}
