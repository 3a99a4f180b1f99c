package dev.colorize.model.detect;

import dev.colorize.image.Box;

/**
 * One box a detector returned, as it returned it: corners {@code x0, y0, x1, y1} in the input
 * image's pixels (exclusive end, torchvision style) and a score.
 */
public record Detection(float x0, float y0, float x1, float y1, float score) {

  /**
   * The box in whole pixels of a {@code width x height} image: each corner clipped to the image
   * and truncated ({@code (int)}, as InstColor does with detectron2's boxes); null when nothing is
   * left.
   */
  public Box toBox(int width, int height) {
    int left = (int) clamp(x0, width);
    int top = (int) clamp(y0, height);
    int right = (int) clamp(x1, width);
    int bottom = (int) clamp(y1, height);
    if (right <= left || bottom <= top) {
      return null;
    }
    return Box.fromCorners(left, top, right, bottom);
  }

  private static float clamp(float v, int max) {
    return Math.max(0f, Math.min(max, v));
  }
}
