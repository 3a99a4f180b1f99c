package dev.colorize.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser for AI Hub food {@code crop_area.properties}: one {@code Img_000_0000=x,y,w,h} per line,
 * no header, keyed by the image file name without extension. Tolerates the quirks seen in the
 * public release: a word or a comma before the numbers ({@code dissimilar}, {@code open}; the word
 * is kept as a note), text after the numbers, only two numbers ({@code w,h}), a key that still has
 * its extension, UTF-8 or EUC-KR/cp949 bytes, a UTF-8 byte-order mark. Lines it cannot use (no
 * {@code =}, no numbers, 1 or 3 or more than 4 numbers) are reported with their line number and
 * skipped; the image then has no crop.
 */
final class CropAreaFile {

  /** A parsed entry: the crop and the word written before the numbers (empty if none). */
  record Entry(CropArea crop, String note) {}

  static final String FILE_NAME = "crop_area.properties";

  private static final Pattern NUMBER_LIST =
      Pattern.compile("-?\\d+(?:\\.\\d+)?(?:\\s*,\\s*-?\\d+(?:\\.\\d+)?)*");
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}_-]*");
  private static final Pattern TRAILER_OK = Pattern.compile("(?:\\s.*|[\\s,;]*)", Pattern.DOTALL);

  private CropAreaFile() {}

  /**
   * Reads the file; entries keyed by lower-case image base name. Later duplicates win (reported).
   */
  static Map<String, Entry> read(Path file, DirectoryWalker.Reporter reporter) throws IOException {
    String text = decode(Files.readAllBytes(file));
    Map<String, Entry> entries = new HashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        reporter.report(file, lineNo, "no '=' between image name and numbers, line skipped");
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (key.isEmpty()) {
        reporter.report(file, lineNo, "no image name before '=', line skipped");
        continue;
      }
      if (ImageFiles.isImageName(key)) {
        key = ImageFiles.baseName(key);
      }
      Entry entry = parseValue(line.substring(eq + 1), file, lineNo, reporter);
      if (entry == null) {
        continue;
      }
      if (entries.put(key.toLowerCase(Locale.ROOT), entry) != null) {
        reporter.report(file, lineNo, "second entry for '" + key + "', this one is used");
      }
    }
    return entries;
  }

  /** Parses the part after '=', or reports and returns null. */
  static Entry parseValue(String value, Path file, int lineNo, DirectoryWalker.Reporter reporter) {
    Matcher m = NUMBER_LIST.matcher(value);
    if (!m.find()) {
      reporter.report(file, lineNo, "no numbers in '" + value.strip() + "', no crop for this image");
      return null;
    }
    String before = value.substring(0, m.start());
    Matcher word = WORD.matcher(before);
    String note = word.find() ? word.group() : "";
    String after = value.substring(m.end());
    if (!TRAILER_OK.matcher(after).matches()) {
      reporter.report(
          file, lineNo, "unexpected text '" + after.strip() + "' after the numbers, ignored");
    }
    String[] parts = m.group().split("\\s*,\\s*");
    List<Double> numbers = new ArrayList<>(parts.length);
    for (String p : parts) {
      numbers.add(Double.parseDouble(p));
    }
    if (numbers.size() != 2 && numbers.size() != 4) {
      reporter.report(
          file,
          lineNo,
          (numbers.size() < 4 ? "too few" : "too many")
              + " numbers (" + numbers.size() + ") in '" + value.strip()
              + "', expected w,h or x,y,w,h; no crop for this image");
      return null;
    }
    return new Entry(new CropArea(numbers), note);
  }

  /** UTF-8 when the bytes are valid UTF-8, else cp949 (a superset of EUC-KR). */
  static String decode(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, koreanCharset());
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static Charset koreanCharset() {
    // cp949 lives in the jdk.charsets module; a trimmed runtime may only have EUC-KR or neither.
    for (String name : new String[] {"x-windows-949", "EUC-KR"}) {
      if (Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    }
    return StandardCharsets.ISO_8859_1;
  }
}
