package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns a source (bytes or a {@link DecodedImage}) and an optional crop box into a
 * {@link PreparedPair}: crop, resize by a {@link ResizePolicy}, convert to Lab.
 *
 * <p>Cropping and resizing run in OpenCV on the decoded (possibly reduced) image; Java touches
 * pixels only at the output size. Interpolation: {@code INTER_AREA} on an axis that shrinks
 * (area averaging, no aliasing), {@code INTER_CUBIC} on an axis that grows; when one axis shrinks
 * and the other grows the two are resized in two passes, shrink first. Stateless, thread-safe.
 */
public final class PairPreparer {

  /** Bumped whenever the prepared output for the same inputs changes (part of cache keys). */
  public static final int PREPARATION_VERSION = 1;
  /** Fill value of {@link ResizePolicy#PAD}, on all three channels. */
  public static final int PAD_VALUE = 128;

  private PairPreparer() {}

  /**
   * Decodes and prepares one source, keeping the full-resolution pixels native (the fast path).
   *
   * @param bytes   the file's content
   * @param name    file name or path, for messages
   * @param crop    region in original oriented coordinates, or null for the whole image
   * @param options size, policy and decode limits
   * @throws ImageRejectedException when the source or the crop cannot be used
   */
  public static PreparedPair prepare(byte[] bytes, String name, Box crop, PrepareOptions options) {
    try (PointerScope scope = new PointerScope()) {
      ImageDecoder.Decoded decoded =
          ImageDecoder.decodeToMat(bytes, name, options.decodeOptions(crop));
      ImageHeader header = decoded.header();
      return prepareMat(decoded.bgr(), true, header.format(), header.orientedWidth(),
          header.orientedHeight(), decoded.reduction(), crop, options, name);
    }
  }

  /** Prepares an already decoded source; {@code crop} is in original oriented coordinates. */
  public static PreparedPair prepare(
      DecodedImage image, String name, Box crop, PrepareOptions options) {
    try (PointerScope scope = new PointerScope()) {
      return prepareMat(Mats.ofRgb(image.pixels()), false, image.format(), image.originalWidth(),
          image.originalHeight(), image.reduction(), crop, options, name);
    }
  }

  private static PreparedPair prepareMat(Mat image, boolean bgr, ImageFormat format,
      int originalWidth, int originalHeight, int reduction, Box crop, PrepareOptions options,
      String name) {
    Box region = new Box(0, 0, originalWidth, originalHeight);
    if (crop != null) {
      region = crop.clippedTo(originalWidth, originalHeight);
      if (region == null) {
        throw new ImageRejectedException(RejectReason.CROP_OUTSIDE_IMAGE, name,
            "crop " + crop + " does not overlap the " + originalWidth + "x" + originalHeight
                + " image");
      }
    }
    Box decodedRegion = region.scaled(1.0 / reduction).clippedTo(image.cols(), image.rows());
    Mat square = toSquare(image, decodedRegion, options.size(), options.policy());
    RgbImage resized = Mats.toRgbImage(square, bgr);
    return PreparedPair.of(resized,
        new SourceInfo(format, originalWidth, originalHeight, reduction, region));
  }

  /** The region of {@code image} made into a {@code size x size} CV_8UC3 mat by the policy. */
  static Mat toSquare(Mat image, Box region, int size, ResizePolicy policy) {
    Mat roi = image.apply(rect(region));
    return switch (policy) {
      case STRETCH -> resize(roi, size, size);
      case CENTER_CROP -> {
        int side = Math.min(region.width(), region.height());
        Box square = new Box(region.x() + (region.width() - side) / 2,
            region.y() + (region.height() - side) / 2, side, side);
        yield resize(image.apply(rect(square)), size, size);
      }
      case PAD -> {
        double scale = (double) size / Math.max(region.width(), region.height());
        int width = clamp((int) Math.round(region.width() * scale), 1, size);
        int height = clamp((int) Math.round(region.height() * scale), 1, size);
        Mat scaled = resize(roi, width, height);
        Mat canvas = new Mat(size, size, CV_8UC3, new Scalar(PAD_VALUE, PAD_VALUE, PAD_VALUE, 0));
        scaled.copyTo(canvas.apply(new Rect((size - width) / 2, (size - height) / 2, width, height)));
        yield canvas;
      }
    };
  }

  /**
   * Resizes with INTER_AREA on shrinking axes and INTER_CUBIC on growing ones (two passes when
   * they differ). Returns a new continuous mat.
   */
  static Mat resize(Mat src, int width, int height) {
    int srcWidth = src.cols();
    int srcHeight = src.rows();
    if (srcWidth == width && srcHeight == height) {
      return src.clone();
    }
    boolean grows = width > srcWidth || height > srcHeight;
    boolean shrinks = width < srcWidth || height < srcHeight;
    if (grows && shrinks) {
      // Shrink first so the cubic pass works on fewer pixels.
      Mat half = width < srcWidth ? resizeOnce(src, width, srcHeight, INTER_AREA)
          : resizeOnce(src, srcWidth, height, INTER_AREA);
      return resizeOnce(half, width, height, INTER_CUBIC);
    }
    return resizeOnce(src, width, height, grows ? INTER_CUBIC : INTER_AREA);
  }

  /** The OpenCV interpolation for one axis going from {@code from} to {@code to} pixels. */
  public static int interpolationFor(int from, int to) {
    return to > from ? INTER_CUBIC : INTER_AREA;
  }

  private static Mat resizeOnce(Mat src, int width, int height, int interpolation) {
    Mat dst = new Mat();
    opencv_imgproc.resize(src, dst, new Size(width, height), 0, 0, interpolation);
    return dst;
  }

  private static Rect rect(Box box) {
    return new Rect(box.x(), box.y(), box.width(), box.height());
  }

  private static int clamp(int value, int low, int high) {
    return Math.max(low, Math.min(high, value));
  }
}
