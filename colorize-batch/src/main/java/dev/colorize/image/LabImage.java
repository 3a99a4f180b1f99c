package dev.colorize.image;

/**
 * A CIE L*a*b* image (D65, 2 degree observer) in planar float form: L in [0, 100], a and b
 * roughly in [-128, 127]. The L plane is the grayscale model input; a and b are what colorizers
 * predict.
 *
 * @param width  columns
 * @param height rows
 * @param l      lightness, {@code width * height}
 * @param a      green-red axis, {@code width * height}
 * @param b      blue-yellow axis, {@code width * height}
 */
public record LabImage(int width, int height, float[] l, float[] a, float[] b) {

  public LabImage {
    int n = width * height;
    if (width < 1 || height < 1 || l.length != n || a.length != n || b.length != n) {
      throw new IllegalArgumentException("Lab planes do not match " + width + "x" + height);
    }
  }

  /** This image's lightness with no chroma: what a colorizer sees, and the "gray" baseline. */
  public LabImage withoutChroma() {
    int n = width * height;
    return new LabImage(width, height, l, new float[n], new float[n]);
  }
}
