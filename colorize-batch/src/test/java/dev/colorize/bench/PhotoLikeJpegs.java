package dev.colorize.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.RNG;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Seeded generator of JPEGs whose content and entropy resemble photos, so decode cost (which
 * grows with the entropy-coded size) is realistic: a smooth colour field (a few random colours
 * interpolated bicubically), soft-edged shapes of random colour, mid-frequency mottling, a
 * low-frequency lighting field and fine sensor-like grain, encoded with 4:2:0 chroma (libjpeg's
 * default, as most cameras) at the given quality. The same seed gives the same files.
 */
final class PhotoLikeJpegs {

  private PhotoLikeJpegs() {}

  /**
   * Makes sure {@code dir} holds {@code count} JPEGs of {@code width x height} for this seed and
   * quality, generating only the missing ones (generation is slow: about 1 s per 6 MP image), and
   * returns their paths. {@code dir} must be specific to the seed and quality.
   */
  static List<Path> write(Path dir, int width, int height, int count, int quality, long seed)
      throws IOException {
    List<Path> paths = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Path path = dir.resolve(String.format("photo_%dx%d_%03d.jpg", width, height, i));
      if (!Files.isRegularFile(path) || Files.size(path) == 0) {
        byte[] jpeg = encode(width, height, quality, seed * 1_000_003L + i * 7919L + width);
        Path partial = dir.resolve(path.getFileName() + ".part");
        Files.write(partial, jpeg);
        Files.move(partial, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      paths.add(path);
    }
    return paths;
  }

  /** One photo-like image encoded as JPEG. */
  static byte[] encode(int width, int height, int quality, long seed) {
    try (PointerScope scope = new PointerScope()) {
      Random random = new Random(seed);
      RNG rng = new RNG(seed);
      Mat image = new Mat();
      // Smooth colour field: a 3x3..5x5 grid of random colours blown up bicubically.
      int grid = 3 + random.nextInt(3);
      Mat small = new Mat(grid, grid, CV_32FC3);
      rng._fill(small, RNG.UNIFORM, scalar(30), scalar(225));
      opencv_imgproc.resize(small, image, new Size(width, height), 0, 0, INTER_CUBIC);
      image.convertTo(image, CV_8UC3);
      // Shapes: a few large objects, then many small ones (detail), anti-aliased edges.
      int scale = Math.min(width, height);
      drawShapes(image, random, 25 + random.nextInt(20), scale / 40, scale / 5);
      drawShapes(image, random, 600 + random.nextInt(200), scale / 400, scale / 40);
      double blur = scale / 800.0 + 0.5;
      opencv_imgproc.GaussianBlur(image, image, new Size(0, 0), blur);
      Mat work = new Mat();
      image.convertTo(work, CV_32FC3);
      // Lighting: a low-frequency multiplicative field in [0.6, 1.2].
      Mat light = smoothNoise(rng, width, height, 4, 0.6, 1.2);
      opencv_core.multiply(work, light, work);
      // Texture at several scales (mottling to fine structure), then per-pixel grain.
      opencv_core.add(work, smoothNoise(rng, width, height, 16, -12, 12), work);
      opencv_core.add(work, smoothNoise(rng, width, height, 80, -10, 10), work);
      opencv_core.add(work, smoothNoise(rng, width, height, 400, -8, 8), work);
      Mat grain = new Mat(height, width, CV_32FC3);
      rng._fill(grain, RNG.NORMAL, scalar(0), scalar(6));
      opencv_core.add(work, grain, work);
      Mat out = new Mat();
      work.convertTo(out, CV_8UC3);
      BytePointer buffer = new BytePointer();
      if (!imencode(".jpg", out, buffer, new IntPointer(IMWRITE_JPEG_QUALITY, quality))) {
        throw new IllegalStateException("OpenCV could not encode a " + width + "x" + height
            + " JPEG");
      }
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }

  /** Draws {@code count} filled ellipses or rectangles with half-axes in [min, max). */
  private static void drawShapes(Mat image, Random random, int count, int min, int max) {
    int width = image.cols();
    int height = image.rows();
    for (int s = 0; s < count; s++) {
      Point centre = new Point(random.nextInt(width), random.nextInt(height));
      Scalar colour = new Scalar(random.nextInt(256), random.nextInt(256), random.nextInt(256), 0);
      int a = Math.max(1, min) + random.nextInt(Math.max(1, max - min));
      int b = Math.max(1, min) + random.nextInt(Math.max(1, max - min));
      if (random.nextBoolean()) {
        opencv_imgproc.ellipse(image, centre, new Size(a, b), random.nextInt(180), 0, 360,
            colour, FILLED, LINE_AA, 0);
      } else {
        opencv_imgproc.rectangle(image, new Point(centre.x() - a, centre.y() - b),
            new Point(centre.x() + a, centre.y() + b), colour, FILLED, LINE_AA, 0);
      }
    }
  }

  /** Uniform noise on a grid of {@code cells} per short side, interpolated bicubically. */
  private static Mat smoothNoise(RNG rng, int width, int height, int cells, double low,
      double high) {
    int unit = Math.max(1, Math.min(width, height) / cells);
    Mat small = new Mat(height / unit + 2, width / unit + 2, CV_32FC3);
    rng._fill(small, RNG.UNIFORM, scalar(low), scalar(high));
    Mat big = new Mat();
    opencv_imgproc.resize(small, big, new Size(width, height), 0, 0, INTER_CUBIC);
    return big;
  }

  /** A 3x1 CV_64F mat holding {@code v} per channel, the form RNG.fill takes its bounds in. */
  private static Mat scalar(double v) {
    return new Mat(v, v, v);
  }
}
