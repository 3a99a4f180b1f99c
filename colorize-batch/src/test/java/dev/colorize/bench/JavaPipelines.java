package dev.colorize.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;

import dev.colorize.image.Box;
import dev.colorize.image.CieLab;
import dev.colorize.image.ImageDecoder;
import dev.colorize.image.ImageHeader;
import dev.colorize.image.ImageProbe;
import dev.colorize.image.PairPreparer;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.RgbImage;
import dev.colorize.metric.Colorfulness;
import dev.colorize.metric.ImageScorer;
import dev.colorize.metric.ImageScores;
import dev.colorize.metric.Psnr;
import dev.colorize.metric.Ssim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/** The per-image work the Java side of the benchmark times. */
final class JavaPipelines {

  /** Fraction of each side the central crop box keeps (the Python pipelines use the same). */
  static final double CROP_FRACTION = 0.9;

  private JavaPipelines() {}

  /** One image's work; returns a value folded into a checksum so nothing is optimised away. */
  @FunctionalInterface
  interface PerImage {
    double run(Path path);
  }

  /**
   * colorize's prepare-and-score loop: read bytes, probe, prepare (reduced decode, crop, resize,
   * Lab, truth), the gray baseline prediction and every {@link ImageScorer} metric. Returns PSNR.
   */
  static double prepareAndScore(Path path, PrepareOptions options) {
    byte[] bytes = read(path);
    String name = path.toString();
    ImageHeader header = ImageProbe.probe(bytes, name);
    Box crop = centralBox(header.orientedWidth(), header.orientedHeight());
    PreparedPair pair = PairPreparer.prepare(bytes, name, crop, options);
    RgbImage prediction = CieLab.toRgb(pair.gray());
    ImageScores scores = ImageScorer.score(prediction, pair.truth());
    return scores.psnr();
  }

  /**
   * The preparation alone: read bytes, probe, prepare and the gray baseline prediction, no
   * metrics. Returns the prediction's first byte.
   */
  static double prepareOnly(Path path, PrepareOptions options) {
    byte[] bytes = read(path);
    String name = path.toString();
    ImageHeader header = ImageProbe.probe(bytes, name);
    Box crop = centralBox(header.orientedWidth(), header.orientedHeight());
    PreparedPair pair = PairPreparer.prepare(bytes, name, crop, options);
    return CieLab.toRgb(pair.gray()).rgb()[0] & 0xFF;
  }

  /**
   * The preparation and the metrics the Python pipelines compute (PSNR, SSIM, colourfulness of
   * prediction and truth), for a like-for-like comparison. Returns PSNR.
   */
  static double prepareAndPythonMetrics(Path path, PrepareOptions options) {
    byte[] bytes = read(path);
    String name = path.toString();
    ImageHeader header = ImageProbe.probe(bytes, name);
    Box crop = centralBox(header.orientedWidth(), header.orientedHeight());
    PreparedPair pair = PairPreparer.prepare(bytes, name, crop, options);
    RgbImage prediction = CieLab.toRgb(pair.gray());
    RgbImage truth = pair.truth();
    double psnr = Psnr.of(prediction, truth);
    return psnr + Ssim.of(prediction, truth) + Colorfulness.of(prediction)
        + Colorfulness.of(truth);
  }

  /**
   * The reduced-decode bound: read bytes, OpenCV {@code imdecode} at the reduction colorize
   * chooses ({@code IMREAD_REDUCED_COLOR_*}), crop view and {@code resize} INTER_AREA to the
   * output size. No probing, checks, Lab or metrics. Returns the first output byte.
   */
  static double decodeAndResize(Path path, PrepareOptions options) {
    byte[] bytes = read(path);
    String name = path.toString();
    try (PointerScope scope = new PointerScope()) {
      ImageHeader header = ImageProbe.probe(bytes, name);
      Box crop = centralBox(header.width(), header.height());
      int reduction = ImageDecoder.chooseReduction(header, options.decodeOptions(crop));
      Mat encoded = new Mat(1, bytes.length, CV_8UC1, new BytePointer(bytes));
      Mat decoded = opencv_imgcodecs.imdecode(encoded, flags(reduction));
      Box region = crop.scaled(1.0 / reduction).clippedTo(decoded.cols(), decoded.rows());
      Mat roi = decoded.apply(new Rect(region.x(), region.y(), region.width(), region.height()));
      Mat out = new Mat();
      opencv_imgproc.resize(roi, out, new Size(options.size(), options.size()), 0, 0, INTER_AREA);
      return out.data().get(0) & 0xFF;
    }
  }

  /** The central box keeping {@link #CROP_FRACTION} of each side (as the Python pipelines). */
  static Box centralBox(int width, int height) {
    int w = (int) (width * CROP_FRACTION);
    int h = (int) (height * CROP_FRACTION);
    return new Box((width - w) / 2, (height - h) / 2, w, h);
  }

  private static int flags(int reduction) {
    int flags = switch (reduction) {
      case 2 -> IMREAD_REDUCED_COLOR_2;
      case 4 -> IMREAD_REDUCED_COLOR_4;
      case 8 -> IMREAD_REDUCED_COLOR_8;
      default -> IMREAD_COLOR;
    };
    return flags | IMREAD_IGNORE_ORIENTATION;
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read benchmark image " + path, e);
    }
  }
}
