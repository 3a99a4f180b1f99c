package dev.colorize.image;

/**
 * Maps boxes given in a source's original (oriented) coordinates into the coordinates of its
 * prepared {@code size x size} image, following the same region and resize policy as
 * {@link PairPreparer}: how AI Hub instance boxes reach instance-aware models.
 */
public final class PreparedGeometry {

  private PreparedGeometry() {}

  /**
   * The box in prepared coordinates, clipped to the square; null when it falls outside the part
   * of the source that was kept (outside the crop, or cut away by {@code center-crop}).
   */
  public static Box toPrepared(Box original, SourceInfo source, int size, ResizePolicy policy) {
    Box region = source.region();
    double sx;
    double sy;
    double ox;
    double oy;
    switch (policy) {
      case STRETCH -> {
        sx = (double) size / region.width();
        sy = (double) size / region.height();
        ox = region.x();
        oy = region.y();
        return transform(original, ox, oy, sx, sy, 0, 0, size);
      }
      case CENTER_CROP -> {
        int side = Math.min(region.width(), region.height());
        ox = region.x() + (region.width() - side) / 2.0;
        oy = region.y() + (region.height() - side) / 2.0;
        sx = sy = (double) size / side;
        return transform(original, ox, oy, sx, sy, 0, 0, size);
      }
      case PAD -> {
        double scale = (double) size / Math.max(region.width(), region.height());
        int width = Math.max(1, Math.min(size, (int) Math.round(region.width() * scale)));
        int height = Math.max(1, Math.min(size, (int) Math.round(region.height() * scale)));
        return transform(original, region.x(), region.y(), scale, scale, (size - width) / 2,
            (size - height) / 2, size);
      }
      default -> throw new IllegalArgumentException("unknown policy " + policy);
    }
  }

  private static Box transform(Box b, double ox, double oy, double sx, double sy, int padX,
      int padY, int size) {
    int left = (int) Math.floor((b.x() - ox) * sx) + padX;
    int top = (int) Math.floor((b.y() - oy) * sy) + padY;
    int right = (int) Math.ceil((b.x() + b.width() - ox) * sx) + padX;
    int bottom = (int) Math.ceil((b.y() + b.height() - oy) * sy) + padY;
    if (right <= 0 || bottom <= 0 || left >= size || top >= size || right <= left
        || bottom <= top) {
      return null;
    }
    return new Box(left, top, right - left, bottom - top).clippedTo(size, size);
  }
}
