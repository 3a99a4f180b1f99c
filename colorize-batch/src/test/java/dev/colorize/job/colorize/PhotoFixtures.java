package dev.colorize.job.colorize;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.colorize.image.DecodeOptions;
import dev.colorize.image.GrayscaleRule;
import dev.colorize.image.ImageDecoder;
import dev.colorize.image.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/** Generated photos for the colorize tests: no committed images. */
final class PhotoFixtures {

  private PhotoFixtures() {}

  /** Random pixels: one-channel gray, or colour. */
  static BufferedImage noise(int width, int height, long seed, boolean gray) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height,
        gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (gray) {
          image.getRaster().setSample(x, y, 0, random.nextInt(256));
        } else {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
    }
    return image;
  }

  /** An "old photo": smooth shapes, one-channel gray, deterministic for a seed. */
  static BufferedImage oldPhoto(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 10; i++) {
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      g.fillOval(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(width / 2),
          10 + random.nextInt(height / 2));
    }
    g.dispose();
    return image;
  }

  /** The same picture stored as RGB with R = G = B (a scanned print saved in colour). */
  static BufferedImage asRgb(BufferedImage gray) {
    BufferedImage rgb = new BufferedImage(gray.getWidth(), gray.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(gray, 0, 0, null);
    g.dispose();
    return rgb;
  }

  static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer");
    }
    return out.toByteArray();
  }

  /** A JPEG at quality 0.95 (one channel for a gray image). */
  static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** Decodes like the job does (grayscale accepted). */
  static RgbImage decode(byte[] bytes) {
    return ImageDecoder.decode(bytes, "fixture",
        DecodeOptions.defaults().withGrayscale(GrayscaleRule.OFF)).pixels();
  }

  /** A CV_8UC3 BGR mat as an RgbImage. */
  static RgbImage toRgb(Mat bgr) {
    try (PointerScope scope = new PointerScope()) {
      Mat rgb = new Mat();
      cvtColor(bgr, rgb, COLOR_BGR2RGB);
      byte[] data = new byte[rgb.rows() * rgb.cols() * 3];
      rgb.data().get(data);
      return new RgbImage(rgb.cols(), rgb.rows(), data);
    }
  }
}
