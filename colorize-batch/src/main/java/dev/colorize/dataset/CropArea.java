package dev.colorize.dataset;

import dev.colorize.image.Box;
import java.util.List;

/**
 * The raw numbers of one AI Hub food {@code crop_area.properties} entry: either two numbers
 * {@code w,h} or four numbers that are usually {@code x,y,w,h} but in some files corners
 * {@code x1,y1,x2,y2}. Which reading applies depends on the image size, so it is decided in
 * {@link #resolve(int, int)}, once the image has been decoded.
 */
public record CropArea(List<Double> values) {

  /** How {@link #resolve} read the numbers for a given image size. */
  public enum Reading {
    /** Two numbers: a {@code w x h} box at the top-left corner. */
    SIZE_AT_ORIGIN,
    /** Four numbers {@code x,y,w,h} (the documented format and the default). */
    POSITION_AND_SIZE,
    /** Four numbers {@code x1,y1,x2,y2}, detected as described in {@link #resolve}. */
    CORNERS
  }

  public CropArea {
    values = List.copyOf(values);
    if (values.size() != 2 && values.size() != 4) {
      throw new IllegalArgumentException(
          "a crop area has 2 (w,h) or 4 (x,y,w,h) numbers, got " + values);
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("crop area numbers must be finite, got " + values);
      }
    }
  }

  /** A crop from its numbers (2 or 4 of them). */
  public static CropArea of(double... numbers) {
    Double[] boxed = new Double[numbers.length];
    for (int i = 0; i < numbers.length; i++) {
      boxed[i] = numbers[i];
    }
    return new CropArea(List.of(boxed));
  }

  /**
   * How the numbers are read for an image of this size. Four numbers {@code a,b,c,d} are
   * {@code x,y,w,h} unless that box leaves the image ({@code a+c > width} or {@code b+d > height})
   * while the corner reading fits ({@code a < c <= width} and {@code b < d <= height}); then they
   * are corners. Both readings agree on the common case of a crop starting at 0,0, so a file that
   * uses corners is only detected on entries where it matters.
   */
  public Reading reading(int imageWidth, int imageHeight) {
    if (values.size() == 2) {
      return Reading.SIZE_AT_ORIGIN;
    }
    double a = values.get(0);
    double b = values.get(1);
    double c = values.get(2);
    double d = values.get(3);
    boolean fitsAsSize = a + c <= imageWidth && b + d <= imageHeight;
    boolean fitsAsCorners = c <= imageWidth && d <= imageHeight && c > a && d > b;
    return !fitsAsSize && fitsAsCorners ? Reading.CORNERS : Reading.POSITION_AND_SIZE;
  }

  /**
   * The crop box in the pixels of a {@code imageWidth x imageHeight} image, clipped to the image,
   * with numbers rounded to the nearest pixel edge. Returns null when nothing is left after
   * clipping (a box wholly outside the image, or of zero width or height): the caller then uses the
   * whole image, as it does for images without a crop entry.
   *
   * @throws IllegalArgumentException if the image size is not positive
   */
  public Box resolve(int imageWidth, int imageHeight) {
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + imageWidth + "x" + imageHeight);
    }
    double left;
    double top;
    double right;
    double bottom;
    switch (reading(imageWidth, imageHeight)) {
      case SIZE_AT_ORIGIN:
        left = 0;
        top = 0;
        right = values.get(0);
        bottom = values.get(1);
        break;
      case CORNERS:
        left = values.get(0);
        top = values.get(1);
        right = values.get(2);
        bottom = values.get(3);
        break;
      default:
        left = values.get(0);
        top = values.get(1);
        right = left + values.get(2);
        bottom = top + values.get(3);
    }
    long x1 = Math.max(0, Math.round(left));
    long y1 = Math.max(0, Math.round(top));
    long x2 = Math.min(imageWidth, Math.round(right));
    long y2 = Math.min(imageHeight, Math.round(bottom));
    if (x2 <= x1 || y2 <= y1) {
      return null;
    }
    return new Box((int) x1, (int) y1, (int) (x2 - x1), (int) (y2 - y1));
  }
}
