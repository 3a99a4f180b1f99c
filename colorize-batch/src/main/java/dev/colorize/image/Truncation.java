package dev.colorize.image;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Structural checks that a file's data is complete, run before decoding. They exist because
 * libjpeg returns a gray-filled partial image for a JPEG cut short (a warning, not an error), so a
 * decoder result alone cannot tell a truncated file from a good one.
 */
final class Truncation {

  private Truncation() {}

  /** A description of where the data ends early, or null when it is complete. */
  static String find(byte[] b, ImageHeader header, String name) {
    try {
      return switch (header.format()) {
        case JPEG -> jpeg(b, name);
        case PNG -> png(b);
        case GIF -> gif(b);
        case BMP -> bmp(b, header);
        case TIFF -> tiff(b, name);
        case WEBP -> webp(b);
      };
    } catch (ImageProbe.OutOfData e) {
      return "data ends at byte " + b.length + " inside the " + header.format() + " structure";
    }
  }

  /** The JPEG must have an EOI marker after its first scan (trailing bytes after EOI are fine). */
  private static String jpeg(byte[] b, String name) {
    int scan = ImageProbe.jpegScanOffset(b, name);
    // Entropy-coded data cannot contain FF D9 (FF is stuffed as FF 00), so any FF D9 after the
    // scan header is the EOI; search from the end, where it almost always is.
    for (int i = b.length - 2; i > scan; i--) {
      if (b[i] == (byte) 0xFF && b[i + 1] == (byte) 0xD9) {
        return null;
      }
    }
    return "JPEG has no end-of-image marker (EOI) after its scan data: the file is cut short";
  }

  /** The PNG chunk sequence must reach IEND. */
  private static String png(byte[] b) {
    int pos = 8;
    while (true) {
      if (pos + 12 > b.length) {
        return "PNG ends at byte " + b.length + " before its IEND chunk";
      }
      long length = ImageProbe.u32be(b, pos);
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      long end = pos + 12 + length;
      if (end > b.length) {
        return "PNG chunk " + type + " at byte " + pos + " needs " + length
            + " bytes but the file ends at byte " + b.length;
      }
      if (type.equals("IEND")) {
        return null;
      }
      pos = (int) end;
    }
  }

  /** The GIF must contain the whole first image (descriptor and all its data sub-blocks). */
  private static String gif(byte[] b) {
    int flags = b[10] & 0xFF;
    int pos = 13;
    if ((flags & 0x80) != 0) {
      pos += 3 * (1 << ((flags & 0x07) + 1));
    }
    while (true) {
      ImageProbe.need(b, pos + 1L);
      int block = b[pos] & 0xFF;
      if (block == 0x21) { // extension: label, then sub-blocks
        pos = skipSubBlocks(b, pos + 2);
      } else if (block == 0x2C) { // image descriptor
        ImageProbe.need(b, pos + 10L);
        int local = b[pos + 9] & 0xFF;
        pos += 10;
        if ((local & 0x80) != 0) {
          pos += 3 * (1 << ((local & 0x07) + 1));
        }
        pos = skipSubBlocks(b, pos + 1); // +1: LZW minimum code size
        return pos <= b.length ? null : "GIF first frame data is cut short";
      } else if (block == 0x3B) {
        return "GIF has no image before its trailer";
      } else {
        return "GIF block 0x" + Integer.toHexString(block) + " at byte " + pos + " is invalid";
      }
    }
  }

  private static int skipSubBlocks(byte[] b, int pos) {
    while (true) {
      ImageProbe.need(b, pos + 1L);
      int size = b[pos] & 0xFF;
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
      ImageProbe.need(b, pos);
    }
  }

  /** An uncompressed BMP must hold all its rows after the pixel-data offset. */
  private static String bmp(byte[] b, ImageHeader header) {
    long offset = ImageProbe.u32le(b, 10);
    long dibSize = ImageProbe.u32le(b, 14);
    long compression = dibSize >= 40 ? ImageProbe.u32le(b, 30) : 0;
    if (compression != 0 && compression != 3 && compression != 6) {
      return null; // RLE and embedded JPEG/PNG: lengths are not predictable, the decoder checks
    }
    long rowBytes = ((long) header.bitsPerSample() * header.width() + 31) / 32 * 4;
    long needed = offset + rowBytes * header.height();
    return needed <= b.length ? null
        : "BMP pixel data needs " + needed + " bytes but the file has " + b.length;
  }

  /** Every TIFF strip or tile must lie inside the file. */
  private static String tiff(byte[] b, String name) {
    Map<Integer, long[]> tags = ImageProbe.tiffFirstDirectory(b, name);
    long[] offsets = tags.get(ImageProbe.TIFF_STRIP_OFFSETS);
    long[] counts = tags.get(ImageProbe.TIFF_STRIP_COUNTS);
    if (offsets == null) {
      offsets = tags.get(ImageProbe.TIFF_TILE_OFFSETS);
      counts = tags.get(ImageProbe.TIFF_TILE_COUNTS);
    }
    if (offsets == null || counts == null) {
      return null;
    }
    long end = 0;
    for (int i = 0; i < Math.min(offsets.length, counts.length); i++) {
      end = Math.max(end, offsets[i] + counts[i]);
    }
    return end <= b.length ? null
        : "TIFF image data extends to byte " + end + " but the file has " + b.length;
  }

  /** The RIFF size field must fit in the file. */
  private static String webp(byte[] b) {
    long riffEnd = 8 + ImageProbe.u32le(b, 4);
    return riffEnd <= b.length ? null
        : "WebP RIFF container declares " + riffEnd + " bytes but the file has " + b.length;
  }
}
