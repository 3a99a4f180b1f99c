package dev.colorize.report.html;

import dev.colorize.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Image files of the report and the saved predictions (Java ImageIO, no native code). */
public final class ReportImages {

  /** JPEG quality of the gallery's images: small files, no artefact visible at 256 px. */
  static final float JPEG_QUALITY = 0.92f;

  private ReportImages() {}

  /** The image as a {@link BufferedImage} of type RGB. */
  public static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage out = new BufferedImage(image.width(), image.height(),
        BufferedImage.TYPE_INT_RGB);
    byte[] rgb = image.rgb();
    int[] row = new int[image.width()];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int i = (y * image.width() + x) * 3;
        row[x] = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
      }
      out.setRGB(0, y, image.width(), 1, row, 0, image.width());
    }
    return out;
  }

  /** Reads an image file written by {@link #writePng} back. */
  public static RgbImage read(Path file) throws IOException {
    BufferedImage in = ImageIO.read(file.toFile());
    if (in == null) {
      throw new IOException(file + " is not an image ImageIO reads");
    }
    byte[] rgb = new byte[in.getWidth() * in.getHeight() * 3];
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        int p = in.getRGB(x, y);
        int i = (y * in.getWidth() + x) * 3;
        rgb[i] = (byte) (p >> 16);
        rgb[i + 1] = (byte) (p >> 8);
        rgb[i + 2] = (byte) p;
      }
    }
    return new RgbImage(in.getWidth(), in.getHeight(), rgb);
  }

  /** Writes the image as a lossless PNG (through a temporary file, then moved into place). */
  public static void writePng(RgbImage image, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    if (!ImageIO.write(toBufferedImage(image), "png", temp.toFile())) {
      throw new IOException("no PNG writer");
    }
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Writes the image as a JPEG of {@link #JPEG_QUALITY}. */
  public static void writeJpeg(RgbImage image, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(toBufferedImage(image), null, null), param);
    } finally {
      writer.dispose();
    }
  }
}
