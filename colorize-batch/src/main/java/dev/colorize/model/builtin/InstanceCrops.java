package dev.colorize.model.builtin;

import dev.colorize.image.Box;
import dev.colorize.model.convention.Resampling;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance inputs of an {@link InstColorNetwork} for one image, made the same way for
 * inference ({@code builtin} engine) and training ({@code dev.colorize.train}), so a trained
 * network sees at run time exactly what it saw in training: boxes clipped to the image (a box
 * wholly outside is dropped), at most {@link #MAX_INSTANCES} in the order given; each box's
 * region of the full-resolution plane resized (OpenCV-style bilinear) to {@code side x side};
 * box coordinates scaled to the {@code side x side} network input.
 *
 * @param clipped the boxes used, clipped to the image, in image pixels
 * @param crops L / 100 of each crop, {@code count * side * side} values ({@code [K, 1, s, s]})
 * @param boxes {@code x0, y0, x1, y1} of each box in network input pixels ({@code [K, 4]})
 * @param side crop side s (and the full input's side S)
 */
public record InstanceCrops(List<Box> clipped, float[] crops, float[] boxes, int side) {

  /** Instances per image (the original keeps the 8 best detections). */
  public static final int MAX_INSTANCES = 8;

  /** @return the number of instances K */
  public int count() {
    return clipped.size();
  }

  /**
   * @param l the image's L plane (0..100), row-major
   * @param width image width
   * @param height image height
   * @param boxes instance boxes in image pixels
   * @param side network input side S (crops are resized to S x S)
   * @return the instance inputs, possibly none
   */
  public static InstanceCrops of(float[] l, int width, int height, List<Box> boxes, int side) {
    List<Box> used = new ArrayList<>();
    for (Box box : boxes) {
      Box c = box.clippedTo(width, height);
      if (c != null && used.size() < MAX_INSTANCES) {
        used.add(c);
      }
    }
    int plane = side * side;
    float[] crops = new float[used.size() * plane];
    float[] coordinates = new float[used.size() * 4];
    for (int k = 0; k < used.size(); k++) {
      Box c = used.get(k);
      float[] crop = crop(l, width, c, side);
      for (int p = 0; p < plane; p++) {
        crops[k * plane + p] = crop[p] / 100f;
      }
      coordinates[4 * k] = c.x() * (float) side / width;
      coordinates[4 * k + 1] = c.y() * (float) side / height;
      coordinates[4 * k + 2] = (c.x() + c.width()) * (float) side / width;
      coordinates[4 * k + 3] = (c.y() + c.height()) * (float) side / height;
    }
    return new InstanceCrops(List.copyOf(used), crops, coordinates, side);
  }

  /**
   * A box's region of a plane, resized to {@code side x side} (any plane: L, a or b).
   *
   * @param plane row-major values of an image {@code width} wide
   * @param width image width
   * @param box a box inside the image
   * @param side output side
   * @return {@code side * side} values
   */
  public static float[] crop(float[] plane, int width, Box box, int side) {
    float[] region = new float[box.width() * box.height()];
    for (int y = 0; y < box.height(); y++) {
      System.arraycopy(plane, (box.y() + y) * width + box.x(), region, y * box.width(),
          box.width());
    }
    return Resampling.bilinear(region, box.width(), box.height(), side, side);
  }
}
