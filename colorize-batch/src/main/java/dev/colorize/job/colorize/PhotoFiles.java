package dev.colorize.job.colorize;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import dev.colorize.image.ImageFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Names, encodes and writes colorized photos. The output tree mirrors the input: a photo with
 * id {@code a/b/photo.jpg} goes to {@code <output>/a/b/photo.jpg}. When the output format differs
 * from the source's, the new extension is appended ({@code photo.gif.png}, and with
 * {@link OutputFormat#PNG} {@code photo.jpg.png}) so that {@code photo.jpg} and {@code photo.png}
 * in one folder never overwrite each other.
 *
 * <p>Every file is written to a hidden temporary name in its target folder and then atomically
 * renamed, so a run killed mid-write leaves either no file or the previous one, never half an
 * image. The temporary name is fixed per target: the resumed run, which redoes the interrupted
 * chunk, overwrites any leftover.
 */
public final class PhotoFiles {

  /** JPEG and WebP quality of {@link OutputFormat#SAME}. */
  public static final int QUALITY = 95;
  /** zlib level of PNG output (lossless at any level; 3 is fast and still small). */
  public static final int PNG_COMPRESSION = 3;
  /** Suffix of the temporary files. */
  public static final String TEMP_SUFFIX = ".colorize-tmp";

  private PhotoFiles() {}

  /** The output file of the photo with this sample id (a '/'-separated relative path). */
  public static Path target(Path outputDirectory, String sampleId, ImageFormat source,
      OutputFormat format) {
    Path target = outputDirectory;
    for (String part : sampleId.split("/")) {
      target = target.resolve(part);
    }
    String extension = extensionOf(target.getFileName().toString());
    String wanted = encoderExtension(source, format, extension);
    return wanted.equals(extension) ? target
        : target.resolveSibling(target.getFileName() + "." + wanted);
  }

  /** The temporary file a target is written through. */
  public static Path temporary(Path target) {
    return target.resolveSibling("." + target.getFileName() + TEMP_SUFFIX);
  }

  /** Encodes a BGR mat by the target's extension and moves it into place atomically. */
  public static void write(Mat bgr, Path target) throws IOException {
    byte[] encoded = encode(bgr, extensionOf(target.getFileName().toString()));
    Files.createDirectories(target.getParent());
    Path temp = temporary(target);
    try (OutputStream out = Files.newOutputStream(temp)) {
      out.write(encoded);
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Encodes a BGR mat as the format of a (lower-case) extension. */
  static byte[] encode(Mat bgr, String extension) throws IOException {
    int[] parameters = switch (extension) {
      case "jpg", "jpeg" -> new int[] {IMWRITE_JPEG_QUALITY, QUALITY};
      case "png" -> new int[] {IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION};
      case "webp" -> new int[] {IMWRITE_WEBP_QUALITY, QUALITY};
      default -> new int[0];
    };
    try (PointerScope scope = new PointerScope()) {
      BytePointer out = new BytePointer();
      boolean ok;
      try {
        ok = imencode("." + extension, bgr, out, new IntPointer(parameters));
      } catch (RuntimeException e) {
        throw new IOException("OpenCV cannot encode ." + extension + ": " + e.getMessage(), e);
      }
      if (!ok) {
        throw new IOException("OpenCV did not encode ." + extension);
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /** The extension to encode with: the source's own unless PNG is asked for or needed. */
  private static String encoderExtension(ImageFormat source, OutputFormat format,
      String extension) {
    if (format == OutputFormat.PNG || source == ImageFormat.GIF) {
      return "png";
    }
    return switch (extension) {
      case "jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp" -> extension;
      default -> defaultExtension(source); // an image without a usual extension (manifests)
    };
  }

  private static String defaultExtension(ImageFormat source) {
    return switch (source) {
      case JPEG -> "jpg";
      case BMP -> "bmp";
      case TIFF -> "tif";
      case WEBP -> "webp";
      case PNG, GIF -> "png";
    };
  }

  /** The lower-case text after the last dot, or empty. */
  static String extensionOf(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
