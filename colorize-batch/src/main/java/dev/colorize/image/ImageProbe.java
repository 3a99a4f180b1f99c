package dev.colorize.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Reads a file's format, pixel dimensions, JPEG component count and EXIF orientation from its
 * header without decoding pixels, so decompression bombs are refused and the reduced decode scale
 * is chosen before any pixel memory is allocated.
 *
 * <p>Own small parsers (JPEG markers up to the first scan, PNG IHDR and the chunks before IDAT,
 * GIF logical screen, BMP info header, TIFF IFD0, WebP VP8/VP8L/VP8X): every read is bounds
 * checked, so hostile headers give an {@link ImageRejectedException}, never an index error.
 * EXIF orientation is read from JPEG APP1, PNG eXIf, WebP EXIF and TIFF IFD0.
 */
public final class ImageProbe {

  /** Bytes {@link #probe(Path)} reads first; the whole file is read only if the header is longer. */
  static final int PREFIX_BYTES = 256 * 1024;

  private static final byte[] PNG_SIGNATURE = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
  };
  private static final int TAG_ORIENTATION = 0x0112;

  private ImageProbe() {}

  /**
   * Probes an image held in memory.
   *
   * @param bytes the file's bytes (a prefix is enough when it contains the whole header)
   * @param name  the file's name or path, for messages
   * @throws ImageRejectedException EMPTY_FILE, NOT_AN_IMAGE, TRUNCATED (header cut short),
   *     CORRUPT (impossible header values) or UNSUPPORTED (a known but undecodable kind)
   */
  public static ImageHeader probe(byte[] bytes, String name) {
    try {
      return parse(bytes, name);
    } catch (OutOfData e) {
      throw new ImageRejectedException(
          RejectReason.TRUNCATED, name,
          "file ends inside the header (" + bytes.length + " bytes, needed " + e.needed + ")");
    }
  }

  /**
   * Probes a file, reading only its first {@value #PREFIX_BYTES} bytes unless the header extends
   * further (large APP segments before a JPEG frame header).
   */
  public static ImageHeader probe(Path file) throws IOException {
    String name = file.toString();
    byte[] prefix;
    try (InputStream in = Files.newInputStream(file)) {
      prefix = in.readNBytes(PREFIX_BYTES);
    }
    if (prefix.length < PREFIX_BYTES) {
      return probe(prefix, name);
    }
    try {
      return parse(prefix, name);
    } catch (OutOfData e) {
      return probe(Files.readAllBytes(file), name);
    }
  }

  /** The format named by the file's signature, or null when there is none. */
  static ImageFormat sniff(byte[] b) {
    if (startsWith(b, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
      return ImageFormat.JPEG;
    }
    if (startsWith(b, 0, PNG_SIGNATURE)) {
      return ImageFormat.PNG;
    }
    if (startsWithAscii(b, 0, "GIF87a") || startsWithAscii(b, 0, "GIF89a")) {
      return ImageFormat.GIF;
    }
    if (startsWithAscii(b, 0, "II*\0") || startsWithAscii(b, 0, "MM\0*")) {
      return ImageFormat.TIFF;
    }
    if (startsWithAscii(b, 0, "RIFF") && startsWithAscii(b, 8, "WEBP")) {
      return ImageFormat.WEBP;
    }
    if (startsWithAscii(b, 0, "BM") && b.length >= 18) {
      long dibSize = u32le(b, 14);
      if (dibSize == 12 || dibSize == 16 || dibSize == 40 || dibSize == 52 || dibSize == 56
          || dibSize == 64 || dibSize == 108 || dibSize == 124) {
        return ImageFormat.BMP;
      }
    }
    return null;
  }

  private static ImageHeader parse(byte[] b, String name) {
    if (b.length == 0) {
      throw new ImageRejectedException(RejectReason.EMPTY_FILE, name, "file has 0 bytes");
    }
    ImageFormat format = sniff(b);
    if (format == null) {
      String unsupported = knownUnsupported(b);
      if (unsupported != null) {
        throw new ImageRejectedException(
            RejectReason.UNSUPPORTED, name, unsupported + " is not supported");
      }
      throw new ImageRejectedException(RejectReason.NOT_AN_IMAGE, name, describeSignature(b));
    }
    ImageHeader header = switch (format) {
      case JPEG -> parseJpeg(b, name);
      case PNG -> parsePng(b, name);
      case GIF -> parseGif(b, name);
      case BMP -> parseBmp(b, name);
      case TIFF -> parseTiff(b, name);
      case WEBP -> parseWebp(b, name);
    };
    if (header.width() <= 0 || header.height() <= 0) {
      throw new ImageRejectedException(
          RejectReason.CORRUPT, name,
          format + " header declares size " + header.width() + "x" + header.height());
    }
    return header;
  }

  // ---------------------------------------------------------------- JPEG

  /** True for SOFn markers that carry a frame header (not DHT C4, JPG C8, DAC CC). */
  static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /**
   * Offset of the first SOS marker's 0xFF byte, walking the segments from SOI. Bytes between
   * segments are skipped as libjpeg does ("extraneous bytes before marker").
   */
  static int jpegScanOffset(byte[] b, String name) {
    int[] result = new int[1];
    walkJpeg(b, name, (marker, start, end) -> {
      if (marker == 0xDA) {
        result[0] = start - 4;
        return false;
      }
      return true;
    });
    return result[0];
  }

  private interface SegmentVisitor {
    /** Called per segment with its payload range; returns false to stop. */
    boolean visit(int marker, int payloadStart, int payloadEnd);
  }

  private static void walkJpeg(byte[] b, String name, SegmentVisitor visitor) {
    int pos = 2;
    while (true) {
      while (pos < b.length && (b[pos] & 0xFF) != 0xFF) {
        pos++;
      }
      while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
        pos++;
      }
      need(b, pos + 1);
      int marker = b[pos] & 0xFF;
      pos++;
      if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        continue;
      }
      if (marker == 0xD9) {
        throw new ImageRejectedException(
            RejectReason.CORRUPT, name, "JPEG ends (EOI) before any image scan");
      }
      need(b, pos + 2);
      int length = u16be(b, pos);
      if (length < 2) {
        throw new ImageRejectedException(
            RejectReason.CORRUPT, name,
            "JPEG segment 0x" + Integer.toHexString(marker) + " has length " + length);
      }
      int start = pos + 2;
      int end = pos + length;
      if (marker != 0xDA) {
        need(b, end);
      }
      if (!visitor.visit(marker, start, end)) {
        return;
      }
      pos = end;
    }
  }

  private static ImageHeader parseJpeg(byte[] b, String name) {
    int[] frame;
    int[] orientation = {1};
    int[] adobe = {-1};
    int[][] frameHolder = new int[1][];
    walkJpeg(b, name, (marker, start, end) -> {
      if (isStartOfFrame(marker) && frameHolder[0] == null) {
        need(b, start + 6);
        frameHolder[0] = new int[] {
          marker, b[start] & 0xFF, u16be(b, start + 1), u16be(b, start + 3), b[start + 5] & 0xFF
        };
      } else if (marker == 0xE1 && orientation[0] == 1 && startsWithAscii(b, start, "Exif\0\0")) {
        orientation[0] = exifOrientation(b, start + 6, end);
      } else if (marker == 0xEE && end - start >= 12 && startsWithAscii(b, start, "Adobe")) {
        adobe[0] = b[start + 11] & 0xFF;
      }
      return marker != 0xDA;
    });
    frame = frameHolder[0];
    if (frame == null) {
      throw new ImageRejectedException(
          RejectReason.CORRUPT, name, "JPEG has no frame header (SOFn) before its first scan");
    }
    int sof = frame[0];
    int precision = frame[1];
    int height = frame[2];
    int width = frame[3];
    int components = frame[4];
    if (sof == 0xC3 || sof == 0xC7 || sof == 0xCB || sof == 0xCF) {
      throw new ImageRejectedException(
          RejectReason.UNSUPPORTED, name, "lossless JPEG (SOF" + (sof - 0xC0) + ")");
    }
    if (precision != 8) {
      throw new ImageRejectedException(
          RejectReason.UNSUPPORTED, name, precision + "-bit JPEG (only 8-bit is decoded)");
    }
    if (height == 0) {
      throw new ImageRejectedException(
          RejectReason.UNSUPPORTED, name, "JPEG height defined by a DNL marker");
    }
    if (components != 1 && components != 3 && components != 4) {
      throw new ImageRejectedException(
          RejectReason.UNSUPPORTED, name, "JPEG with " + components + " components");
    }
    return new ImageHeader(ImageFormat.JPEG, width, height, orientation[0], components, precision,
        components == 1, false, adobe[0]);
  }

  // ---------------------------------------------------------------- PNG

  private static ImageHeader parsePng(byte[] b, String name) {
    need(b, 8 + 8 + 13);
    if (!startsWithAscii(b, 12, "IHDR") || u32be(b, 8) != 13) {
      throw new ImageRejectedException(RejectReason.CORRUPT, name, "PNG does not start with IHDR");
    }
    long width = u32be(b, 16);
    long height = u32be(b, 20);
    int bitDepth = b[24] & 0xFF;
    int colorType = b[25] & 0xFF;
    if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new ImageRejectedException(
          RejectReason.CORRUPT, name, "PNG size " + width + "x" + height + " is out of range");
    }
    int channels = switch (colorType) {
      case 0 -> 1;
      case 2, 3 -> 3;
      case 4 -> 2;
      case 6 -> 4;
      default -> throw new ImageRejectedException(
          RejectReason.CORRUPT, name, "PNG colour type " + colorType + " does not exist");
    };
    boolean alpha = colorType == 4 || colorType == 6;
    int orientation = 1;
    // Ancillary chunks before the image data: transparency and EXIF.
    int pos = 8 + 8 + 13 + 4;
    while (true) {
      need(b, pos + 8);
      long length = u32be(b, pos);
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("IDAT") || type.equals("IEND")) {
        break;
      }
      long end = pos + 8 + length + 4;
      if (end > Integer.MAX_VALUE) {
        throw new ImageRejectedException(
            RejectReason.CORRUPT, name, "PNG chunk " + type + " has length " + length);
      }
      need(b, (int) end);
      if (type.equals("tRNS")) {
        alpha = true;
      } else if (type.equals("eXIf")) {
        orientation = exifOrientation(b, pos + 8, (int) (pos + 8 + length));
      }
      pos = (int) end;
    }
    return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, orientation, channels,
        bitDepth, colorType == 0 || colorType == 4, alpha, -1);
  }

  // ---------------------------------------------------------------- GIF

  private static ImageHeader parseGif(byte[] b, String name) {
    need(b, 13);
    int width = u16le(b, 6);
    int height = u16le(b, 8);
    return new ImageHeader(ImageFormat.GIF, width, height, 1, 3, 8, false, false, -1);
  }

  // ---------------------------------------------------------------- BMP

  private static ImageHeader parseBmp(byte[] b, String name) {
    long dibSize = u32le(b, 14);
    int width;
    int height;
    int bitsPerPixel;
    if (dibSize == 12) {
      need(b, 26);
      width = u16le(b, 18);
      height = u16le(b, 20);
      bitsPerPixel = u16le(b, 24);
    } else {
      need(b, 30);
      width = s32le(b, 18);
      height = s32le(b, 22);
      if (height == Integer.MIN_VALUE) {
        height = 0;
      }
      height = Math.abs(height); // negative height = rows stored top-down
      bitsPerPixel = u16le(b, 28);
    }
    return new ImageHeader(ImageFormat.BMP, width, height, 1, bitsPerPixel == 32 ? 4 : 3,
        bitsPerPixel, false, false, -1);
  }

  // ---------------------------------------------------------------- TIFF

  static final int TIFF_WIDTH = 256;
  static final int TIFF_HEIGHT = 257;
  static final int TIFF_BITS = 258;
  static final int TIFF_PHOTOMETRIC = 262;
  static final int TIFF_STRIP_OFFSETS = 273;
  static final int TIFF_SAMPLES = 277;
  static final int TIFF_STRIP_COUNTS = 279;
  static final int TIFF_TILE_OFFSETS = 324;
  static final int TIFF_TILE_COUNTS = 325;
  static final int TIFF_EXTRA_SAMPLES = 338;

  /** Reads the first IFD of a standalone TIFF file (needed tags only). */
  static Map<Integer, long[]> tiffFirstDirectory(byte[] b, String name) {
    try {
      TiffReader tiff = new TiffReader(b, 0, b.length);
      return tiff.readDirectory(tiff.firstDirectoryOffset(), Set.of(
          TIFF_WIDTH, TIFF_HEIGHT, TIFF_BITS, TIFF_PHOTOMETRIC, TIFF_STRIP_OFFSETS, TIFF_SAMPLES,
          TIFF_STRIP_COUNTS, TIFF_TILE_OFFSETS, TIFF_TILE_COUNTS, TIFF_EXTRA_SAMPLES,
          TAG_ORIENTATION));
    } catch (TiffReader.BadTiff e) {
      if (e.beyondEnd) {
        throw new OutOfData(b.length + 1L); // IFDs often follow the pixel data: need the whole file
      }
      throw new ImageRejectedException(RejectReason.CORRUPT, name, "TIFF " + e.getMessage());
    }
  }

  private static ImageHeader parseTiff(byte[] b, String name) {
    Map<Integer, long[]> tags = tiffFirstDirectory(b, name);
    long[] width = tags.get(TIFF_WIDTH);
    long[] height = tags.get(TIFF_HEIGHT);
    if (width == null || height == null) {
      throw new ImageRejectedException(
          RejectReason.CORRUPT, name, "TIFF has no ImageWidth/ImageLength tag");
    }
    if (width[0] > Integer.MAX_VALUE || height[0] > Integer.MAX_VALUE) {
      throw new ImageRejectedException(
          RejectReason.CORRUPT, name, "TIFF size " + width[0] + "x" + height[0] + " is out of range");
    }
    int samples = (int) first(tags.get(TIFF_SAMPLES), 1);
    int bits = (int) first(tags.get(TIFF_BITS), 1);
    int photometric = (int) first(tags.get(TIFF_PHOTOMETRIC), -1);
    int orientation = (int) first(tags.get(TAG_ORIENTATION), 1);
    if (orientation < 1 || orientation > 8) {
      orientation = 1;
    }
    boolean gray = photometric == 0 || photometric == 1;
    return new ImageHeader(ImageFormat.TIFF, (int) width[0], (int) height[0], orientation, samples,
        bits, gray, tags.containsKey(TIFF_EXTRA_SAMPLES), -1);
  }

  // ---------------------------------------------------------------- WebP

  private static ImageHeader parseWebp(byte[] b, String name) {
    need(b, 30);
    String chunk = new String(b, 12, 4, StandardCharsets.ISO_8859_1);
    int data = 20;
    switch (chunk) {
      case "VP8 " -> {
        if ((b[data + 3] & 0xFF) != 0x9D || (b[data + 4] & 0xFF) != 0x01
            || (b[data + 5] & 0xFF) != 0x2A) {
          throw new ImageRejectedException(
              RejectReason.CORRUPT, name, "WebP VP8 frame has no start code");
        }
        return new ImageHeader(ImageFormat.WEBP, u16le(b, data + 6) & 0x3FFF,
            u16le(b, data + 8) & 0x3FFF, 1, 3, 8, false, false, -1);
      }
      case "VP8L" -> {
        if ((b[data] & 0xFF) != 0x2F) {
          throw new ImageRejectedException(
              RejectReason.CORRUPT, name, "WebP VP8L stream has no signature byte");
        }
        long bits = u32le(b, data + 1);
        boolean alpha = ((bits >> 28) & 1) != 0;
        return new ImageHeader(ImageFormat.WEBP, (int) (bits & 0x3FFF) + 1,
            (int) ((bits >> 14) & 0x3FFF) + 1, 1, alpha ? 4 : 3, 8, false, alpha, -1);
      }
      case "VP8X" -> {
        int flags = b[data] & 0xFF;
        if ((flags & 0x02) != 0) {
          throw new ImageRejectedException(RejectReason.UNSUPPORTED, name, "animated WebP");
        }
        int width = u24le(b, data + 4) + 1;
        int height = u24le(b, data + 7) + 1;
        int orientation = 1;
        if ((flags & 0x08) != 0) {
          orientation = webpExifOrientation(b);
        }
        boolean alpha = (flags & 0x10) != 0;
        return new ImageHeader(ImageFormat.WEBP, width, height, orientation, alpha ? 4 : 3, 8,
            false, alpha, -1);
      }
      default -> throw new ImageRejectedException(
          RejectReason.CORRUPT, name, "WebP starts with unknown chunk '" + chunk + "'");
    }
  }

  private static int webpExifOrientation(byte[] b) {
    int pos = 12;
    while (pos + 8 <= b.length) {
      String fourcc = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
      long size = u32le(b, pos + 4);
      long end = pos + 8 + size;
      if (end > b.length) {
        return 1;
      }
      if (fourcc.equals("EXIF")) {
        int start = pos + 8;
        if (startsWithAscii(b, start, "Exif\0\0")) {
          start += 6;
        }
        return exifOrientation(b, start, (int) end);
      }
      pos = (int) (end + (size & 1));
    }
    return 1;
  }

  // ---------------------------------------------------------------- EXIF

  /**
   * The orientation tag of an EXIF TIFF structure in {@code b[start, end)}; 1 when absent or
   * unreadable (a broken EXIF block must not reject an otherwise good image).
   */
  static int exifOrientation(byte[] b, int start, int end) {
    try {
      TiffReader tiff = new TiffReader(b, start, end);
      long[] value = tiff.readDirectory(tiff.firstDirectoryOffset(), Set.of(TAG_ORIENTATION))
          .get(TAG_ORIENTATION);
      if (value != null && value[0] >= 1 && value[0] <= 8) {
        return (int) value[0];
      }
    } catch (TiffReader.BadTiff | OutOfData e) {
      // fall through: treat as no orientation
    }
    return 1;
  }

  // ---------------------------------------------------------------- signatures

  private static String knownUnsupported(byte[] b) {
    if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ')
        || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "JPEG 2000";
    }
    if (startsWithAscii(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      if (Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1").contains(brand)) {
        return "HEIF/HEIC";
      }
      if (brand.equals("avif") || brand.equals("avis")) {
        return "AVIF";
      }
    }
    if (startsWithAscii(b, 0, "II+\0") || startsWithAscii(b, 0, "MM\0+")) {
      return "BigTIFF";
    }
    if (startsWithAscii(b, 0, "8BPS")) {
      return "Photoshop PSD";
    }
    if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') {
      return "Netpbm";
    }
    return null;
  }

  private static String describeSignature(byte[] b) {
    byte[] head = Arrays.copyOf(b, Math.min(b.length, 8));
    StringBuilder text = new StringBuilder();
    boolean printable = true;
    for (byte x : head) {
      if (x >= 0x20 && x < 0x7F || x == '\n' || x == '\r' || x == '\t') {
        text.append(x >= 0x20 ? (char) x : ' ');
      } else {
        printable = false;
      }
    }
    String hex = HexFormat.ofDelimiter(" ").formatHex(head);
    return "no known image signature (first bytes " + hex
        + (printable ? ", text \"" + text.toString().strip() + "\"" : "") + ")";
  }

  // ---------------------------------------------------------------- byte access

  /** Thrown internally when the data ends before the header does. */
  static final class OutOfData extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long needed;

    OutOfData(long needed) {
      super(null, null, false, false);
      this.needed = needed;
    }
  }

  static void need(byte[] b, long length) {
    if (length > b.length) {
      throw new OutOfData(length);
    }
  }

  private static long first(long[] values, long fallback) {
    return values == null || values.length == 0 ? fallback : values[0];
  }

  static boolean startsWith(byte[] b, int offset, byte... prefix) {
    if (offset + prefix.length > b.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int offset, int... prefix) {
    byte[] bytes = new byte[prefix.length];
    for (int i = 0; i < prefix.length; i++) {
      bytes[i] = (byte) prefix[i];
    }
    return startsWith(b, offset, bytes);
  }

  static boolean startsWithAscii(byte[] b, int offset, String prefix) {
    return startsWith(b, offset, prefix.getBytes(StandardCharsets.ISO_8859_1));
  }

  static int u16be(byte[] b, int i) {
    need(b, i + 2L);
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  static long u32be(byte[] b, int i) {
    need(b, i + 4L);
    return ((long) (b[i] & 0xFF) << 24) | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8
        | (b[i + 3] & 0xFF);
  }

  static int u16le(byte[] b, int i) {
    need(b, i + 2L);
    return (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
  }

  static int u24le(byte[] b, int i) {
    need(b, i + 3L);
    return (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
  }

  static long u32le(byte[] b, int i) {
    need(b, i + 4L);
    return ((long) (b[i + 3] & 0xFF) << 24) | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8
        | (b[i] & 0xFF);
  }

  static int s32le(byte[] b, int i) {
    return (int) u32le(b, i);
  }
}
