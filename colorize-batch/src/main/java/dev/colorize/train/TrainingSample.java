package dev.colorize.train;

import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import java.util.List;

/**
 * One square training image as CIE Lab planes: {@code l} (0..100) of {@code size * size} values
 * and {@code ab} of {@code 2 * size * size} values (all a*, then all b*), row-major.
 *
 * @param size side length in pixels
 * @param l lightness plane
 * @param ab chroma planes, a* first
 * @param classLabel dataset class index for class-distribution losses, or -1 when unknown
 * @param boxes instance boxes in this sample's pixel coordinates ({@link Box}: x0 = x, y0 = y,
 *     exclusive ends x + width, y + height), for instance-aware networks; may be empty. Parts
 *     outside the image are clipped away when used.
 */
public record TrainingSample(int size, float[] l, float[] ab, int classLabel, List<Box> boxes) {

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
    if (boxes == null) {
      boxes = List.of();
    } else {
      for (Box box : boxes) {
        if (box == null) {
          throw new TrainingException("training sample boxes contain null: " + boxes);
        }
      }
      boxes = List.copyOf(boxes);
    }
  }

  /**
   * A sample without instance boxes.
   *
   * @param size side length in pixels
   * @param l lightness plane
   * @param ab chroma planes, a* first
   * @param classLabel class index or -1
   */
  public TrainingSample(int size, float[] l, float[] ab, int classLabel) {
    this(size, l, ab, classLabel, List.of());
  }

  /**
   * @param image a square Lab image
   * @param classLabel class index or -1
   * @return the image as a sample
   */
  public static TrainingSample of(LabImage image, int classLabel) {
    return of(image, classLabel, List.of());
  }

  /**
   * @param image a square Lab image
   * @param classLabel class index or -1
   * @param boxes instance boxes in the image's pixels
   * @return the image as a sample
   */
  public static TrainingSample of(LabImage image, int classLabel, List<Box> boxes) {
    if (image.width() != image.height()) {
      throw new TrainingException("training images must be square, got " + image.width() + "x"
          + image.height());
    }
    int n = image.width() * image.height();
    float[] ab = new float[2 * n];
    System.arraycopy(image.a(), 0, ab, 0, n);
    System.arraycopy(image.b(), 0, ab, n, n);
    return new TrainingSample(image.width(), image.l().clone(), ab, classLabel, boxes);
  }
}
