package dev.colorize.image;

/**
 * An axis-aligned pixel rectangle: top-left corner (x, y), width and height, in the coordinates of
 * the decoded (orientation-corrected) source image.
 */
public record Box(int x, int y, int width, int height) {

  public Box {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("box size must be positive, got " + width + "x" + height);
    }
  }

  /** A box from two corners given in either order (AI Hub objects store some reversed). */
  public static Box fromCorners(int x1, int y1, int x2, int y2) {
    int left = Math.min(x1, x2);
    int top = Math.min(y1, y2);
    return new Box(left, top, Math.abs(x2 - x1), Math.abs(y2 - y1));
  }

  /** The part of this box inside a {@code width x height} image, or null if they do not overlap. */
  public Box clippedTo(int imageWidth, int imageHeight) {
    int left = Math.max(0, x);
    int top = Math.max(0, y);
    int right = Math.min(imageWidth, x + width);
    int bottom = Math.min(imageHeight, y + height);
    return right > left && bottom > top ? new Box(left, top, right - left, bottom - top) : null;
  }

  /** This box scaled by {@code factor} (reduced-resolution decoding), rounded outward. */
  public Box scaled(double factor) {
    int left = (int) Math.floor(x * factor);
    int top = (int) Math.floor(y * factor);
    int right = (int) Math.ceil((x + width) * factor);
    int bottom = (int) Math.ceil((y + height) * factor);
    return new Box(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
  }
}
