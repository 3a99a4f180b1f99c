package dev.colorize.image;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Minimal reader of a classic TIFF directory (IFD) inside {@code bytes[start, end)}: used for TIFF
 * files and for EXIF blocks (JPEG APP1, PNG eXIf, WebP EXIF), whose offsets count from the TIFF
 * header. Reads BYTE, SHORT and LONG values only; every access is bounds checked.
 */
final class TiffReader {

  /** A structurally invalid TIFF directory. */
  static final class BadTiff extends Exception {
    private static final long serialVersionUID = 1L;
    /** True when the structure points past the end of the data (a truncated file). */
    final boolean beyondEnd;

    BadTiff(String message) {
      this(message, false);
    }

    BadTiff(String message, boolean beyondEnd) {
      super(message, null, false, false);
      this.beyondEnd = beyondEnd;
    }
  }

  private static final int MAX_ENTRIES = 4096;
  private static final long MAX_VALUES = 1 << 22;

  private final byte[] bytes;
  private final int start;
  private final int end;
  private final boolean littleEndian;

  TiffReader(byte[] bytes, int start, int end) throws BadTiff {
    this.bytes = bytes;
    this.start = start;
    this.end = Math.min(end, bytes.length);
    if (this.end - start < 8) {
      throw new BadTiff("header is shorter than 8 bytes");
    }
    if (bytes[start] == 'I' && bytes[start + 1] == 'I') {
      littleEndian = true;
    } else if (bytes[start] == 'M' && bytes[start + 1] == 'M') {
      littleEndian = false;
    } else {
      throw new BadTiff("has no II/MM byte-order mark");
    }
    if (u16(2) != 42) {
      throw new BadTiff("magic number is not 42");
    }
  }

  long firstDirectoryOffset() throws BadTiff {
    return u32(4);
  }

  /** The values of the wanted tags in the directory at {@code offset} (relative to start). */
  Map<Integer, long[]> readDirectory(long offset, Set<Integer> wanted) throws BadTiff {
    if (offset < 8 || offset + 2 > end - start) {
      throw new BadTiff("directory offset " + offset + " is outside the data", offset >= 8);
    }
    int count = u16((int) offset);
    if (count > MAX_ENTRIES) {
      throw new BadTiff("directory claims " + count + " entries");
    }
    Map<Integer, long[]> values = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int entry = (int) offset + 2 + 12 * i;
      int tag = u16(entry);
      if (!wanted.contains(tag)) {
        continue;
      }
      int type = u16(entry + 2);
      long n = u32(entry + 4);
      int size = switch (type) {
        case 1 -> 1;
        case 3 -> 2;
        case 4 -> 4;
        default -> 0;
      };
      if (size == 0 || n == 0) {
        continue;
      }
      if (n > MAX_VALUES) {
        throw new BadTiff("tag " + tag + " claims " + n + " values");
      }
      long at = n * size <= 4 ? entry + 8 : u32(entry + 8);
      if (at + n * size > end - start) {
        throw new BadTiff("tag " + tag + " values lie outside the data", true);
      }
      long[] out = new long[(int) n];
      for (int k = 0; k < n; k++) {
        int p = (int) at + k * size;
        out[k] = switch (size) {
          case 1 -> bytes[start + p] & 0xFF;
          case 2 -> u16(p);
          default -> u32(p);
        };
      }
      values.put(tag, out);
    }
    return values;
  }

  private int u16(int offset) throws BadTiff {
    check(offset, 2);
    int i = start + offset;
    int b0 = bytes[i] & 0xFF;
    int b1 = bytes[i + 1] & 0xFF;
    return littleEndian ? b1 << 8 | b0 : b0 << 8 | b1;
  }

  private long u32(int offset) throws BadTiff {
    check(offset, 4);
    int i = start + offset;
    long b0 = bytes[i] & 0xFF;
    long b1 = bytes[i + 1] & 0xFF;
    long b2 = bytes[i + 2] & 0xFF;
    long b3 = bytes[i + 3] & 0xFF;
    return littleEndian ? b3 << 24 | b2 << 16 | b1 << 8 | b0 : b0 << 24 | b1 << 16 | b2 << 8 | b3;
  }

  private void check(int offset, int length) throws BadTiff {
    if (offset < 0 || (long) start + offset + length > end) {
      throw new BadTiff("read at offset " + offset + " is outside the data", offset >= 0);
    }
  }
}
