package dev.colorize.dataset;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Naming conventions shared by the readers. */
final class ImageFiles {

  /** Extensions (lower case) of files the readers treat as images; the check ignores case. */
  static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp");

  private ImageFiles() {}

  static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /** The text after the last '.', lower case; empty when there is none. */
  static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The file name without its last extension. */
  static String baseName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? fileName : fileName.substring(0, dot);
  }

  static boolean isImageName(String fileName) {
    return IMAGE_EXTENSIONS.contains(extension(fileName));
  }

  /** Dot-files and dot-folders (also macOS {@code ._*} resource forks) are hidden. */
  static boolean isHiddenName(String fileName) {
    return fileName.startsWith(".");
  }

  /** The NFC name of the last element of a path, or of the path itself for a root. */
  static String nfcName(Path path) {
    Path name = path.getFileName();
    return nfc(name == null ? path.toString() : name.toString());
  }
}
