package dev.colorize.job.colorize;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_Lab2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_TOZERO;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_TRUNC;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;

import dev.colorize.image.Box;
import dev.colorize.image.DecodeOptions;
import dev.colorize.image.DecodedImage;
import dev.colorize.image.GrayscaleRule;
import dev.colorize.image.ImageDecoder;
import dev.colorize.image.ImageFormat;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import dev.colorize.model.ColorizationInput;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Colorization at a photo's own resolution: the model sees a small lightness plane, the output
 * keeps every pixel of the original lightness.
 *
 * <ol>
 *   <li>{@link #lightness}: decode at full resolution (grayscale sources accepted), compute the
 *       full-resolution CIE L plane, and area-resize it (cubic where an axis grows) to the
 *       model's square working size: the {@link ColorizationInput}.
 *   <li>{@link #render}: upsample the predicted a, b planes from the working size to full
 *       resolution (bilinear), join them with the original full-resolution L and convert to
 *       8-bit BGR, ready to encode.
 * </ol>
 *
 * <p>Every full-resolution operation runs in OpenCV on float32 planes, in horizontal strips of
 * about {@value #STRIP_PIXELS} pixels so temporaries stay small and are reused; Java touches
 * pixels only at the working size. L follows {@link dev.colorize.image.CieLab} (scikit-image's
 * constants) exactly: linear light by table lookup, Y by the same matrix row, then the CIE
 * function. The Lab to sRGB join uses OpenCV's float {@code COLOR_Lab2BGR}, which agrees with
 * {@code CieLab.labToRgb} to one 8-bit code, out-of-gamut chroma included once b is clipped the
 * way CieLab clips (checked by the tests); OpenCV's forward float
 * conversion is not used for L because its gamma table differs from the exact curve by up to
 * 0.19 L.
 *
 * <p>Stateless and thread-safe; native memory is freed when a {@link Lightness} closes.
 */
public final class FullResolution {

  /** Pixels per strip of the full-resolution passes. */
  static final int STRIP_PIXELS = 1 << 16;

  private static final double EPSILON = 0.008856;
  private static final double KAPPA_SLOPE = 7.787;
  private static final double F_OFFSET = 16.0 / 116.0;
  /** Row Y of the sRGB to XYZ matrix (IEC 61966-2-1, as CieLab); Yn = 1. */
  private static final float[] Y_ROW = {0.212671f, 0.715160f, 0.072169f};
  /** Linear light of each 8-bit sRGB code, as CieLab computes it, rounded to float. */
  private static final float[] LINEAR = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      double c = i / 255.0;
      LINEAR[i] = (float) (c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92);
    }
  }

  private FullResolution() {}

  /**
   * A photo's full-resolution L plane (native, float32, 0..100) and the model input made from
   * it. Close it to free the plane.
   */
  public static final class Lightness implements AutoCloseable {
    private final Mat plane;
    private final ImageFormat format;
    private final ColorizationInput input;

    Lightness(Mat plane, ImageFormat format, ColorizationInput input) {
      this.plane = plane;
      this.format = format;
      this.input = input;
    }

    public int width() {
      return plane.cols();
    }

    public int height() {
      return plane.rows();
    }

    /** The source's container format. */
    public ImageFormat format() {
      return format;
    }

    /** What the model gets: L at the working size, a = b = 0, instance boxes scaled to it. */
    public ColorizationInput input() {
      return input;
    }

    /** The full-resolution L values, row-major (a Java copy, for tests and small images). */
    public float[] copyPlane() {
      float[] out = new float[width() * height()];
      new FloatPointer(plane.data()).capacity(out.length).get(out);
      return out;
    }

    Mat plane() {
      return plane;
    }

    @Override
    public void close() {
      plane.close();
    }
  }

  /**
   * Decodes a source at full resolution and makes its L plane and model input.
   *
   * @param bytes     the file's content
   * @param name      file name or path, for messages
   * @param size      side of the model's square working size
   * @param maxPixels largest pixel count accepted (TOO_LARGE above it)
   * @param instances instance boxes in full-resolution (oriented) pixels; scaled to the working
   *                  size, those outside the image dropped
   * @throws dev.colorize.image.ImageRejectedException when the source cannot be used
   */
  public static Lightness lightness(byte[] bytes, String name, int size, long maxPixels,
      List<Box> instances) {
    DecodedImage decoded = ImageDecoder.decode(bytes, name,
        DecodeOptions.defaults().withMaxPixels(maxPixels).withGrayscale(GrayscaleRule.OFF));
    RgbImage rgb = decoded.pixels();
    Mat plane = new Mat(rgb.height(), rgb.width(), CV_32FC1); // outlives the scope: caller closes
    try (PointerScope scope = new PointerScope()) {
      Mat source = new Mat(rgb.height(), rgb.width(), CV_8UC3);
      source.data().put(rgb.rgb());
      lightnessPlane(source, plane);
      float[] small = new float[size * size];
      new FloatPointer(toWorkingSize(plane, size).data()).capacity(small.length).get(small);
      LabImage gray = new LabImage(size, size, small, new float[small.length],
          new float[small.length]);
      return new Lightness(plane, decoded.format(),
          new ColorizationInput(gray, scaleBoxes(instances, rgb.width(), rgb.height(), size)));
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  /**
   * Joins predicted chroma with the full-resolution L: a and b are upsampled bilinearly from the
   * working size to the photo's size (pixel centres aligned, edges replicated, as
   * {@code cv::resize} with {@code INTER_LINEAR}), the L plane is the original one, and the
   * result is converted to 8-bit BGR (clipped, rounded). The prediction's own L is ignored.
   *
   * @return a new CV_8UC3 BGR mat; the caller closes it
   * @throws IllegalArgumentException when the prediction is not at the working size
   */
  public static Mat render(Lightness lightness, LabImage prediction) {
    LabImage input = lightness.input().gray();
    if (prediction.width() != input.width() || prediction.height() != input.height()) {
      throw new IllegalArgumentException("the model returned " + prediction.width() + "x"
          + prediction.height() + " chroma for a " + input.width() + "x" + input.height()
          + " input");
    }
    int width = lightness.width();
    int height = lightness.height();
    Mat out = new Mat(height, width, CV_8UC3);
    try (PointerScope scope = new PointerScope()) {
      Mat smallA = planeMat(prediction.a(), prediction.width(), prediction.height());
      Mat smallB = planeMat(prediction.b(), prediction.width(), prediction.height());
      double sx = (double) prediction.width() / width;
      double sy = (double) prediction.height() / height;
      Mat transform = new Mat(2, 3, CV_64F);
      DoublePointer m = new DoublePointer(transform.data()).capacity(6);
      Mat a = new Mat();
      Mat b = new Mat();
      Mat bLimit = new Mat();
      Mat lab = new Mat();
      Mat bgr = new Mat();
      int rowsPerStrip = Math.max(1, STRIP_PIXELS / width);
      for (int top = 0; top < height; top += rowsPerStrip) {
        int rows = Math.min(rowsPerStrip, height - top);
        Rect strip = new Rect(0, top, width, rows);
        Mat l = lightness.plane().apply(strip);
        // Destination pixel (x, y) samples source ((x + 0.5) sx - 0.5, (top + y + 0.5) sy - 0.5).
        m.put(new double[] {sx, 0, 0.5 * sx - 0.5, 0, sy, (top + 0.5) * sy - 0.5});
        Size stripSize = new Size(width, rows);
        opencv_imgproc.warpAffine(smallA, a, transform, stripSize,
            INTER_LINEAR | WARP_INVERSE_MAP, opencv_core.BORDER_REPLICATE, new Scalar());
        opencv_imgproc.warpAffine(smallB, b, transform, stripSize,
            INTER_LINEAR | WARP_INVERSE_MAP, opencv_core.BORDER_REPLICATE, new Scalar());
        // CieLab (like skimage) clips a negative z before inverting, i.e. b <= 200 (L + 16) / 116;
        // OpenCV does not, so clip b here and both agree on out-of-gamut chroma too.
        l.convertTo(bLimit, CV_32F, 200.0 / 116.0, 200.0 * 16.0 / 116.0);
        opencv_core.min(b, bLimit, b);
        opencv_core.merge(new MatVector(l, a, b), lab);
        opencv_imgproc.cvtColor(lab, bgr, COLOR_Lab2BGR);
        bgr.convertTo(out.apply(strip), CV_8U, 255.0, 0.0);
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** The CIE L of an 8-bit RGB mat into a float32 plane of the same size, strip by strip. */
  static void lightnessPlane(Mat rgb, Mat plane) {
    Mat table = new Mat(1, 256, CV_32FC1);
    new FloatPointer(table.data()).capacity(256).put(LINEAR);
    Mat row = new Mat(1, 3, CV_32FC1);
    new FloatPointer(row.data()).capacity(3).put(Y_ROW);
    Mat linear = new Mat();
    Mat y = new Mat();
    Mat cube = new Mat();
    Mat f = new Mat();
    Mat above = new Mat();
    Mat mask = new Mat();
    int width = rgb.cols();
    int rowsPerStrip = Math.max(1, STRIP_PIXELS / width);
    for (int top = 0; top < rgb.rows(); top += rowsPerStrip) {
      Rect strip = new Rect(0, top, width, Math.min(rowsPerStrip, rgb.rows() - top));
      opencv_core.LUT(rgb.apply(strip), table, linear);
      opencv_core.transform(linear, y, row);
      // f(t) = cbrt(t) above the CIE threshold, 7.787 t + 16/116 at and below it.
      opencv_core.pow(y, 1.0 / 3.0, cube);
      y.convertTo(f, CV_32F, KAPPA_SLOPE, F_OFFSET);
      opencv_imgproc.threshold(y, above, EPSILON, 255, THRESH_BINARY);
      above.convertTo(mask, CV_8U);
      cube.copyTo(f, mask);
      f.convertTo(plane.apply(strip), CV_32F, 116.0, -16.0);
    }
  }

  /**
   * The full-resolution L plane at the working size: area averaging on shrinking axes, cubic on
   * growing ones (shrink first when they differ), clamped to [0, 100] against cubic overshoot.
   */
  static Mat toWorkingSize(Mat plane, int size) {
    int width = plane.cols();
    int height = plane.rows();
    Mat current = plane;
    if (size < width || size < height) {
      Mat shrunk = new Mat();
      opencv_imgproc.resize(current, shrunk,
          new Size(Math.min(width, size), Math.min(height, size)), 0, 0, INTER_AREA);
      current = shrunk;
    }
    Mat out = new Mat();
    if (current.cols() != size || current.rows() != size) {
      opencv_imgproc.resize(current, out, new Size(size, size), 0, 0, INTER_CUBIC);
      opencv_imgproc.threshold(out, out, 100.0, 100.0, THRESH_TRUNC);
      opencv_imgproc.threshold(out, out, 0.0, 0.0, THRESH_TOZERO);
    } else {
      current.copyTo(out);
    }
    return out;
  }

  /** A CV_32FC1 mat holding a copy of a plane. */
  private static Mat planeMat(float[] values, int width, int height) {
    Mat mat = new Mat(height, width, CV_32FC1);
    new FloatPointer(mat.data()).capacity(values.length).put(values);
    return mat;
  }

  /** Boxes from full-resolution pixels to the working size; boxes outside the image dropped. */
  static List<Box> scaleBoxes(List<Box> boxes, int width, int height, int size) {
    List<Box> out = new ArrayList<>(boxes.size());
    for (Box box : boxes) {
      Box inside = box.clippedTo(width, height);
      if (inside == null) {
        continue;
      }
      int left = (int) Math.floor((double) inside.x() * size / width);
      int top = (int) Math.floor((double) inside.y() * size / height);
      int right = (int) Math.ceil((double) (inside.x() + inside.width()) * size / width);
      int bottom = (int) Math.ceil((double) (inside.y() + inside.height()) * size / height);
      out.add(new Box(left, top, Math.max(1, right - left), Math.max(1, bottom - top)));
    }
    return out;
  }
}
