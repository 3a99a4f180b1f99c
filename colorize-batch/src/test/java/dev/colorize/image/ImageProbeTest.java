package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageProbeTest {

  private static final RgbImage IMAGE = Fixtures.photo(37, 23, 1);

  @ParameterizedTest
  @ValueSource(strings = {".jpg", ".png", ".bmp", ".tiff", ".webp"})
  void readsDimensionsOfEachOpenCvFormat(String extension) {
    ImageHeader header = ImageProbe.probe(Fixtures.encode(IMAGE, extension), "x" + extension);
    assertEquals(37, header.width());
    assertEquals(23, header.height());
    assertEquals(1, header.orientation());
    assertFalse(header.grayscale());
  }

  @Test
  void readsFormatSpecificFields() {
    ImageHeader jpeg = ImageProbe.probe(Fixtures.encode(IMAGE, ".jpg"), "a.jpg");
    assertEquals(ImageFormat.JPEG, jpeg.format());
    assertEquals(3, jpeg.components());
    assertEquals(8, jpeg.bitsPerSample());

    ImageHeader bmp = ImageProbe.probe(Fixtures.bmp(IMAGE), "a.bmp");
    assertEquals(ImageFormat.BMP, bmp.format());
    assertEquals(24, bmp.bitsPerSample());

    ImageHeader gif = ImageProbe.probe(Fixtures.gif(IMAGE, 50, 40, 3, 4), "a.gif");
    assertEquals(ImageFormat.GIF, gif.format());
    assertEquals(50, gif.width()); // the logical screen, not the first frame
    assertEquals(40, gif.height());

    ImageHeader png16 = ImageProbe.probe(Fixtures.encode16(5, 6, 1, 2, 3, ".png"), "a.png");
    assertEquals(16, png16.bitsPerSample());
    assertEquals(3, png16.components());
    ImageHeader tiff16 = ImageProbe.probe(Fixtures.encode16(5, 6, 1, 2, 3, ".tiff"), "a.tif");
    assertEquals(ImageFormat.TIFF, tiff16.format());
    assertEquals(16, tiff16.bitsPerSample());
    assertEquals(5, tiff16.width());
    assertEquals(6, tiff16.height());
  }

  @Test
  void flagsGrayscaleAndAlphaFromHeaders() {
    try (PointerScope scope = new PointerScope()) {
      Mat gray = new Mat(9, 7, CV_8UC1, new Scalar(90.0));
      ImageHeader grayJpeg = ImageProbe.probe(Fixtures.encodeMat(gray, ".jpg"), "g.jpg");
      assertEquals(1, grayJpeg.components());
      assertTrue(grayJpeg.grayscale());
      ImageHeader grayPng = ImageProbe.probe(Fixtures.encodeMat(gray, ".png"), "g.png");
      assertTrue(grayPng.grayscale());
      assertEquals(1, grayPng.components());

      Mat bgra = new Mat(9, 7, CV_8UC4, new Scalar(10, 20, 30, 40));
      ImageHeader alphaPng = ImageProbe.probe(Fixtures.encodeMat(bgra, ".png"), "a.png");
      assertTrue(alphaPng.alpha());
      assertEquals(4, alphaPng.components());
      assertFalse(alphaPng.grayscale());
    }
  }

  @Test
  void readsCmykAndYcckComponentsAndAdobeTransform() {
    ImageHeader cmyk = ImageProbe.probe(Fixtures.adobeJpeg(IMAGE, 0), "c.jpg");
    assertEquals(4, cmyk.components());
    assertEquals(0, cmyk.adobeTransform());
    assertTrue(cmyk.isCmyk());
    ImageHeader ycck = ImageProbe.probe(Fixtures.adobeJpeg(IMAGE, 2), "y.jpg");
    assertEquals(4, ycck.components());
    assertEquals(2, ycck.adobeTransform());
  }

  @Test
  void readsExifOrientationInBothByteOrdersAndSwapsAxes() {
    byte[] jpeg = Fixtures.encode(IMAGE, ".jpg");
    for (int orientation = 1; orientation <= 8; orientation++) {
      for (boolean little : new boolean[] {true, false}) {
        ImageHeader header = ImageProbe.probe(
            Fixtures.withExifOrientation(jpeg, orientation, little), "o.jpg");
        assertEquals(orientation, header.orientation());
        boolean swapped = orientation >= 5;
        assertEquals(swapped ? 23 : 37, header.orientedWidth());
        assertEquals(swapped ? 37 : 23, header.orientedHeight());
      }
    }
  }

  @Test
  void invalidOrExtraExifDoesNotRejectTheImage() {
    byte[] jpeg = Fixtures.encode(IMAGE, ".jpg");
    assertEquals(1, ImageProbe.probe(Fixtures.withExifOrientation(jpeg, 9, true), "a").orientation());
    byte[] brokenExif = Fixtures.insertSegment(jpeg, 0xE1,
        "Exif\0\0XX garbage".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(1, ImageProbe.probe(brokenExif, "b").orientation());
    // An XMP APP1 before the EXIF one must not hide it.
    byte[] withXmp = Fixtures.insertSegment(Fixtures.withExifOrientation(jpeg, 6, false), 0xE1,
        "http://ns.adobe.com/xap/1.0/\0<x/>".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(6, ImageProbe.probe(withXmp, "c").orientation());
  }

  @Test
  void readsPngExifOrientation() {
    byte[] png = Fixtures.encode(IMAGE, ".png");
    byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0,
        0, 0, 0, 0};
    byte[] withExif = insertPngChunk(png, "eXIf", tiff);
    ImageHeader header = ImageProbe.probe(withExif, "o.png");
    assertEquals(8, header.orientation());
    assertEquals(23, header.orientedWidth());
  }

  @Test
  void rejectsEmptyTextAndUnsupportedSignatures() {
    assertReason(RejectReason.EMPTY_FILE, new byte[0]);
    ImageRejectedException text = assertReason(RejectReason.NOT_AN_IMAGE,
        "hello, this is not a picture".getBytes(StandardCharsets.US_ASCII));
    assertTrue(text.getMessage().contains("hello"), text.getMessage());
    assertReason(RejectReason.NOT_AN_IMAGE, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertReason(RejectReason.UNSUPPORTED, ascii("\0\0\0\u0018ftypheic\0\0\0\0"));
    assertReason(RejectReason.UNSUPPORTED, ascii("\0\0\0\u001cftypavif\0\0\0\0"));
    assertReason(RejectReason.UNSUPPORTED,
        new byte[] {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A});
    assertReason(RejectReason.UNSUPPORTED, ascii("8BPS\0\1\0\0\0\0\0\0"));
  }

  @Test
  void headerCutShortIsTruncated() {
    byte[] png = Fixtures.encode(IMAGE, ".png");
    assertReason(RejectReason.TRUNCATED, java.util.Arrays.copyOf(png, 20));
    byte[] jpeg = Fixtures.encode(IMAGE, ".jpg");
    assertReason(RejectReason.TRUNCATED, java.util.Arrays.copyOf(jpeg, 30));
  }

  @Test
  void impossibleHeadersAreCorrupt() {
    byte[] png = Fixtures.encode(IMAGE, ".png");
    byte[] zeroWidth = png.clone();
    zeroWidth[16] = zeroWidth[17] = zeroWidth[18] = zeroWidth[19] = 0;
    assertReason(RejectReason.CORRUPT, zeroWidth);
    byte[] badColorType = png.clone();
    badColorType[25] = 5;
    assertReason(RejectReason.CORRUPT, badColorType);
    // JPEG: SOI then EOI, no frame.
    assertReason(RejectReason.CORRUPT,
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
  }

  @Test
  void reportsDecompressionBombDimensionsWithoutPixels() {
    byte[] bomb = pngHeaderOnly(60_000, 50_000);
    ImageHeader header = ImageProbe.probe(bomb, "bomb.png");
    assertEquals(3_000_000_000L, header.pixelCount());
  }

  @Test
  void probesAFileWithLargeSegmentsBeforeTheFrameHeader(@TempDir Path dir) throws Exception {
    byte[] jpeg = Fixtures.encode(IMAGE, ".jpg");
    // Five 60 KB APP2 segments push SOF beyond the 256 KiB prefix read first.
    byte[] big = new byte[60_000];
    for (int i = 0; i < 5; i++) {
      jpeg = Fixtures.insertSegment(jpeg, 0xE2, big);
    }
    jpeg = Fixtures.withExifOrientation(jpeg, 6, true);
    assertTrue(jpeg.length > ImageProbe.PREFIX_BYTES);
    Path file = dir.resolve("큰 파일.JPG");
    Files.write(file, jpeg);
    ImageHeader header = ImageProbe.probe(file);
    assertEquals(37, header.width());
    assertEquals(6, header.orientation());
    // A TIFF whose directory follows the pixel data is probed from the whole file as well.
    RgbImage wide = Fixtures.photo(400, 300, 3);
    Path tiff = dir.resolve("tail-ifd.tif");
    Files.write(tiff, Fixtures.encode(wide, ".tiff"));
    assertEquals(400, ImageProbe.probe(tiff).width());
  }

  private static ImageRejectedException assertReason(RejectReason reason, byte[] bytes) {
    ImageRejectedException e =
        assertThrows(ImageRejectedException.class, () -> ImageProbe.probe(bytes, "sample.jpg"));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals("sample.jpg", e.source());
    return e;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A PNG signature and IHDR for an RGB image of the given size, and nothing else. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8;
    ihdr[9] = 2;
    out.writeBytes(chunk("IHDR", ihdr));
    out.writeBytes(chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00}));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  /** Inserts a chunk right after IHDR. */
  static byte[] insertPngChunk(byte[] png, String type, byte[] data) {
    int afterIhdr = 8 + 8 + 13 + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    out.writeBytes(chunk(type, data));
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  static byte[] chunk(String type, byte[] data) {
    byte[] out = new byte[12 + data.length];
    putInt(out, 0, data.length);
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(typeBytes, 0, out, 4, 4);
    System.arraycopy(data, 0, out, 8, data.length);
    CRC32 crc = new CRC32();
    crc.update(out, 4, 4 + data.length);
    putInt(out, 8 + data.length, (int) crc.getValue());
    return out;
  }

  private static void putInt(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 24);
    b[at + 1] = (byte) (value >>> 16);
    b[at + 2] = (byte) (value >>> 8);
    b[at + 3] = (byte) value;
  }

  @Test
  void chunkHelperMatchesOpenCvCrc() {
    byte[] png = Fixtures.encode(IMAGE, ".png");
    byte[] ihdrData = java.util.Arrays.copyOfRange(png, 16, 29);
    assertArrayEquals(java.util.Arrays.copyOfRange(png, 8, 33), chunk("IHDR", ihdrData));
  }
}
