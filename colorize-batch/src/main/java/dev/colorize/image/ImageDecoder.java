package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_core.transpose;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Decodes image bytes into orientation-corrected 8-bit sRGB, rejecting unusable sources with a
 * specific {@link RejectReason}.
 *
 * <p>Order of work, cheapest first: probe the header ({@link ImageProbe}); refuse TOO_LARGE and
 * header-declared grayscale; check the data is complete ({@code Truncation}); decode with OpenCV
 * (GIF with {@code javax.imageio}, first frame, since this OpenCV build has no GIF decoder), as a
 * reduced-resolution JPEG where {@link #chooseReduction} allows; convert to 8-bit BGR (16-bit
 * scaled with rounding, alpha composited on white); test chroma; apply EXIF orientation.
 *
 * <p>OpenCV is always called with {@code IMREAD_IGNORE_ORIENTATION} (or {@code IMREAD_UNCHANGED},
 * which ignores it too) and the orientation read by {@link ImageProbe} is applied here, so every
 * format and every reduction follows one rule. Stateless and thread-safe.
 */
public final class ImageDecoder {

  private static final int[] REDUCTIONS = {8, 4, 2};

  private ImageDecoder() {}

  /**
   * Decodes one source.
   *
   * @param bytes   the file's content
   * @param name    file name or path, for messages
   * @param options limits, reduction target and grayscale rule
   * @throws ImageRejectedException when the source cannot be used
   */
  public static DecodedImage decode(byte[] bytes, String name, DecodeOptions options) {
    try (PointerScope scope = new PointerScope()) {
      Decoded decoded = decodeToMat(bytes, name, options);
      ImageHeader header = decoded.header();
      return new DecodedImage(Mats.toRgbImage(decoded.bgr(), true), header.format(),
          header.orientedWidth(), header.orientedHeight(), decoded.reduction());
    }
  }

  /**
   * The JPEG DCT reduction (8, 4, 2 or 1) to decode with: the largest that keeps the region of
   * interest (the options' region clipped to the image, else the whole image) at least
   * {@code targetSize} pixels in both dimensions. Always 1 for other formats or a zero target.
   */
  public static int chooseReduction(ImageHeader header, DecodeOptions options) {
    if (header.format() != ImageFormat.JPEG || options.targetSize() <= 0) {
      return 1;
    }
    int width = header.orientedWidth();
    int height = header.orientedHeight();
    Box region = options.region() == null ? null : options.region().clippedTo(width, height);
    if (region != null) {
      width = region.width();
      height = region.height();
    }
    long target = options.targetSize();
    for (int reduction : REDUCTIONS) {
      if (width >= target * reduction && height >= target * reduction) {
        return reduction;
      }
    }
    return 1;
  }

  /** A decoded BGR mat (owned by the caller's PointerScope) and what produced it. */
  record Decoded(Mat bgr, ImageHeader header, int reduction) {}

  /** Decodes to an oriented CV_8UC3 BGR mat; the caller must hold an open PointerScope. */
  static Decoded decodeToMat(byte[] bytes, String name, DecodeOptions options) {
    ImageHeader header = ImageProbe.probe(bytes, name);
    if (header.pixelCount() > options.maxPixels()) {
      throw new ImageRejectedException(RejectReason.TOO_LARGE, name,
          header.format() + " header declares " + header.width() + "x" + header.height() + " = "
              + header.pixelCount() + " pixels, limit " + options.maxPixels());
    }
    GrayscaleRule gray = options.grayscale();
    if (gray.reject() && header.grayscale()) {
      throw new ImageRejectedException(RejectReason.GRAYSCALE_SOURCE, name,
          header.format() + " stores a single luminance channel (" + header.components()
              + " component" + (header.components() == 1 ? "" : "s") + ")");
    }
    String truncation = Truncation.find(bytes, header, name);
    if (truncation != null) {
      throw new ImageRejectedException(RejectReason.TRUNCATED, name, truncation);
    }
    int reduction = chooseReduction(header, options);
    Mat bgr = switch (header.format()) {
      case GIF -> decodeGif(bytes, header, name);
      case JPEG, BMP -> openCv(bytes, colorFlags(reduction), header, name);
      case PNG, TIFF, WEBP -> toBgr8(openCv(bytes, IMREAD_UNCHANGED, header, name), header, name);
    };
    int expectedWidth = ceilDiv(header.width(), reduction);
    int expectedHeight = ceilDiv(header.height(), reduction);
    if (bgr.cols() != expectedWidth || bgr.rows() != expectedHeight) {
      throw new ImageRejectedException(RejectReason.CORRUPT, name,
          "decoder produced " + bgr.cols() + "x" + bgr.rows() + " but the header declares "
              + header.width() + "x" + header.height()
              + (reduction > 1 ? " (reduced 1/" + reduction + ")" : ""));
    }
    if (gray.reject()) {
      long chromatic = chromaticPixels(bgr, gray.tolerance());
      long total = (long) bgr.rows() * bgr.cols();
      if (chromatic <= gray.maxChromaticFraction() * total) {
        throw new ImageRejectedException(RejectReason.GRAYSCALE_SOURCE, name, String.format(
            "only %d of %d pixels (%.4f%%) have max(|R-G|,|G-B|) > %d, limit %.4f%%",
            chromatic, total, 100.0 * chromatic / total, gray.tolerance(),
            100.0 * gray.maxChromaticFraction()));
      }
    }
    return new Decoded(orient(bgr, header.orientation()), header, reduction);
  }

  private static int colorFlags(int reduction) {
    int flags = switch (reduction) {
      case 2 -> IMREAD_REDUCED_COLOR_2;
      case 4 -> IMREAD_REDUCED_COLOR_4;
      case 8 -> IMREAD_REDUCED_COLOR_8;
      default -> IMREAD_COLOR;
    };
    return flags | IMREAD_IGNORE_ORIENTATION;
  }

  private static Mat openCv(byte[] bytes, int flags, ImageHeader header, String name) {
    Mat decoded;
    try {
      decoded = imdecode(Mats.ofEncoded(bytes), flags);
    } catch (RuntimeException e) {
      throw new ImageRejectedException(RejectReason.CORRUPT, name,
          "OpenCV failed to decode the " + header.format() + " data: " + e.getMessage());
    }
    if (decoded == null || decoded.empty()) {
      throw new ImageRejectedException(RejectReason.CORRUPT, name,
          "OpenCV could not decode the " + header.format() + " data");
    }
    return decoded;
  }

  /**
   * Any OpenCV IMREAD_UNCHANGED result to 8-bit BGR: 16-bit samples scaled by 255/65535 with
   * rounding (not truncated to the high byte), alpha composited over white, gray expanded.
   */
  static Mat toBgr8(Mat mat, ImageHeader header, String name) {
    int depth = mat.depth();
    if (depth != CV_8U && depth != CV_16U) {
      throw new ImageRejectedException(RejectReason.UNSUPPORTED, name,
          header.format() + " with sample depth code " + depth + " (only 8 and 16 bit)");
    }
    double max = depth == CV_8U ? 255.0 : 65535.0;
    int channels = mat.channels();
    if (channels == 2) {
      MatVector planes = new MatVector();
      split(mat, planes);
      Mat gray = planes.get(0);
      mat = new Mat();
      merge(new MatVector(gray, gray, gray, planes.get(1)), mat);
      channels = 4;
    }
    switch (channels) {
      case 1 -> {
        Mat eight = to8Bit(mat, max);
        Mat bgr = new Mat();
        cvtColor(eight, bgr, COLOR_GRAY2BGR);
        return bgr;
      }
      case 3 -> {
        return to8Bit(mat, max);
      }
      case 4 -> {
        return compositeOnWhite(mat, max);
      }
      default -> throw new ImageRejectedException(RejectReason.UNSUPPORTED, name,
          header.format() + " decoded to " + channels + " channels");
    }
  }

  private static Mat to8Bit(Mat mat, double max) {
    if (max == 255.0) {
      return mat;
    }
    Mat out = new Mat();
    mat.convertTo(out, CV_8U, 255.0 / max, 0); // saturate_cast rounds to nearest
    return out;
  }

  /** out = colour * alpha + white * (1 - alpha), in the stored (sRGB-encoded) values. */
  private static Mat compositeOnWhite(Mat bgra, double max) {
    Mat unit = new Mat();
    bgra.convertTo(unit, CV_32F, 1.0 / max, 0);
    MatVector planes = new MatVector();
    split(unit, planes);
    Mat alpha = planes.get(3);
    Mat transparency = new Mat();
    alpha.convertTo(transparency, CV_32F, -1.0, 1.0);
    MatVector composited = new MatVector(3);
    for (int c = 0; c < 3; c++) {
      Mat weighted = new Mat();
      multiply(planes.get(c), alpha, weighted);
      add(weighted, transparency, weighted);
      composited.put(c, weighted);
    }
    Mat merged = new Mat();
    merge(composited, merged);
    Mat out = new Mat();
    merged.convertTo(out, CV_8U, 255.0, 0);
    return out;
  }

  /** Pixels whose max(|R-G|, |G-B|) exceeds {@code tolerance}, counted natively. */
  static long chromaticPixels(Mat bgr, int tolerance) {
    // In strips of about 64 KB per plane: the scratch mats are then reused from the allocator's
    // free lists instead of being fresh full-image mappings, whose page faults cost more than
    // the arithmetic (100 ms vs 4 ms for 6 MP on this sandboxed machine).
    int rowsPerStrip = Math.max(1, 65536 / bgr.cols());
    MatVector planes = new MatVector();
    Mat blueGreen = new Mat();
    Mat greenRed = new Mat();
    long chromatic = 0;
    for (int top = 0; top < bgr.rows(); top += rowsPerStrip) {
      int rows = Math.min(rowsPerStrip, bgr.rows() - top);
      Mat strip = bgr.apply(new Rect(0, top, bgr.cols(), rows)); // a view, freed by the scope
      split(strip, planes);
      absdiff(planes.get(0), planes.get(1), blueGreen);
      absdiff(planes.get(1), planes.get(2), greenRed);
      opencv_core.max(blueGreen, greenRed, blueGreen);
      threshold(blueGreen, blueGreen, tolerance, 255, THRESH_BINARY);
      chromatic += countNonZero(blueGreen);
    }
    return chromatic;
  }

  /** Applies EXIF orientation 1..8 so the result is the image as it should be displayed. */
  static Mat orient(Mat src, int orientation) {
    Mat dst = new Mat();
    switch (orientation) {
      case 2 -> flip(src, dst, 1);
      case 3 -> flip(src, dst, -1);
      case 4 -> flip(src, dst, 0);
      case 5 -> transpose(src, dst);
      case 6 -> rotate(src, dst, ROTATE_90_CLOCKWISE);
      case 7 -> {
        Mat t = new Mat();
        transpose(src, t);
        flip(t, dst, -1);
      }
      case 8 -> rotate(src, dst, ROTATE_90_COUNTERCLOCKWISE);
      default -> {
        return src;
      }
    }
    return dst;
  }

  /** First GIF frame drawn at its position on a white logical screen. */
  private static Mat decodeGif(byte[] bytes, ImageHeader header, String name) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
    if (!readers.hasNext()) {
      throw new ImageRejectedException(RejectReason.UNSUPPORTED, name, "no GIF reader in this JVM");
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, false);
      BufferedImage frame = reader.read(0);
      int left = 0;
      int top = 0;
      IIOMetadata metadata = reader.getImageMetadata(0);
      if (metadata != null) {
        Node descriptor = child(metadata.getAsTree("javax_imageio_gif_image_1.0"),
            "ImageDescriptor");
        if (descriptor != null) {
          NamedNodeMap attributes = descriptor.getAttributes();
          left = Integer.parseInt(attributes.getNamedItem("imageLeftPosition").getNodeValue());
          top = Integer.parseInt(attributes.getNamedItem("imageTopPosition").getNodeValue());
        }
      }
      BufferedImage canvas =
          new BufferedImage(header.width(), header.height(), BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = canvas.createGraphics();
      try {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, header.width(), header.height());
        g.drawImage(frame, left, top, null);
      } finally {
        g.dispose();
      }
      byte[] data = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
      Mat mat = new Mat(header.height(), header.width(), CV_8UC3);
      mat.data().put(data);
      return mat;
    } catch (IOException | RuntimeException e) {
      throw new ImageRejectedException(RejectReason.CORRUPT, name,
          "GIF first frame could not be decoded: " + e);
    } finally {
      reader.dispose();
    }
  }

  private static Node child(Node parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeName().equals(name)) {
        return n;
      }
    }
    return null;
  }

  private static int ceilDiv(int value, int divisor) {
    return (value + divisor - 1) / divisor;
  }
}
