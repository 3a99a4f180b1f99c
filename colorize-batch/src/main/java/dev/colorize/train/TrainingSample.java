package dev.colorize.train;

import dev.colorize.image.LabImage;

/**
 * One square training image as CIE Lab planes: {@code l} (0..100) of {@code size * size} values
 * and {@code ab} of {@code 2 * size * size} values (all a*, then all b*), row-major.
 *
 * @param size side length in pixels
 * @param l lightness plane
 * @param ab chroma planes, a* first
 * @param classLabel dataset class index for class-distribution losses, or -1 when unknown
 */
public record TrainingSample(int size, float[] l, float[] ab, int classLabel) {

  /** Checks the plane lengths. */
  public TrainingSample {
    if (size <= 0) {
      throw new TrainingException("training sample size must be positive: " + size);
    }
    if (l == null || l.length != size * size) {
      throw new TrainingException("training sample L plane has " + (l == null ? 0 : l.length)
          + " values, expected " + size * size + " for size " + size);
    }
    if (ab == null || ab.length != 2 * size * size) {
      throw new TrainingException("training sample ab planes have "
          + (ab == null ? 0 : ab.length) + " values, expected " + 2 * size * size
          + " for size " + size);
    }
  }

  /**
   * @param image a square Lab image
   * @param classLabel class index or -1
   * @return the image as a sample
   */
  public static TrainingSample of(LabImage image, int classLabel) {
    if (image.width() != image.height()) {
      throw new TrainingException("training images must be square, got " + image.width() + "x"
          + image.height());
    }
    int n = image.width() * image.height();
    float[] ab = new float[2 * n];
    System.arraycopy(image.a(), 0, ab, 0, n);
    System.arraycopy(image.b(), 0, ab, n, n);
    return new TrainingSample(image.width(), image.l().clone(), ab, classLabel);
  }
}
