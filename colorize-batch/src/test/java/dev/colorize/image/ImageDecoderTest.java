package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  private static final DecodeOptions FULL = DecodeOptions.defaults();
  private static final RgbImage PHOTO = Fixtures.photo(96, 64, 7);

  @ParameterizedTest
  @ValueSource(strings = {".png", ".bmp", ".tiff", ".webp"})
  void losslessFormatsDecodeToTheExactPixels(String extension) {
    byte[] bytes = extension.equals(".webp")
        ? Fixtures.encode(PHOTO, extension, IMWRITE_WEBP_QUALITY, 101) // > 100 = lossless
        : Fixtures.encode(PHOTO, extension);
    DecodedImage decoded = ImageDecoder.decode(bytes, "a" + extension.toUpperCase(), FULL);
    assertArrayEquals(PHOTO.rgb(), decoded.pixels().rgb());
    assertEquals(96, decoded.originalWidth());
    assertEquals(1, decoded.reduction());
  }

  @Test
  void jpegAndJavaBmpDecodeCloseToTheSource() {
    DecodedImage jpeg = ImageDecoder.decode(
        Fixtures.encode(PHOTO, ".jpg", IMWRITE_JPEG_QUALITY, 95), "a.JPG", FULL);
    assertEquals(ImageFormat.JPEG, jpeg.format());
    assertTrue(Fixtures.psnr(PHOTO, jpeg.pixels()) > 35, "JPEG q95 PSNR");
    DecodedImage bmp = ImageDecoder.decode(Fixtures.bmp(PHOTO), "a.bmp", FULL);
    assertArrayEquals(PHOTO.rgb(), bmp.pixels().rgb());
  }

  /**
   * The displayed image D and the stored image S of each EXIF orientation, from the tag's
   * definition (where stored row 0 and column 0 appear), independent of the decoder's code.
   */
  private static RgbImage storedFor(RgbImage displayed, int orientation) {
    int w = displayed.width();
    int h = displayed.height();
    boolean swap = orientation >= 5;
    RgbImage stored = RgbImage.blank(swap ? h : w, swap ? w : h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] rc = switch (orientation) { // {stored column, stored row} shown at displayed (x, y)
          case 1 -> new int[] {x, y};
          case 2 -> new int[] {w - 1 - x, y};
          case 3 -> new int[] {w - 1 - x, h - 1 - y};
          case 4 -> new int[] {x, h - 1 - y};
          case 5 -> new int[] {y, x};
          case 6 -> new int[] {y, w - 1 - x};
          case 7 -> new int[] {h - 1 - y, w - 1 - x};
          case 8 -> new int[] {h - 1 - y, x};
          default -> throw new IllegalArgumentException();
        };
        Fixtures.set(stored, rc[0], rc[1], displayed.get(x, y, 0), displayed.get(x, y, 1),
            displayed.get(x, y, 2));
      }
    }
    return stored;
  }

  /** 64 x 32: four 32 x 16 blocks of distinct colours (aligned to JPEG MCUs in any rotation). */
  private static RgbImage quadrants() {
    RgbImage image = RgbImage.blank(64, 32);
    Fixtures.fill(image, 0, 0, 32, 16, 220, 30, 30);
    Fixtures.fill(image, 32, 0, 32, 16, 30, 200, 40);
    Fixtures.fill(image, 0, 16, 32, 16, 40, 40, 210);
    Fixtures.fill(image, 32, 16, 32, 16, 230, 220, 40);
    return image;
  }

  @Test
  void appliesEveryExifOrientationAtFullAndReducedResolution() {
    RgbImage displayed = quadrants();
    for (int orientation = 1; orientation <= 8; orientation++) {
      byte[] jpeg = Fixtures.withExifOrientation(
          Fixtures.encode(storedFor(displayed, orientation), ".jpg", IMWRITE_JPEG_QUALITY, 95),
          orientation, orientation % 2 == 0);
      DecodedImage full = ImageDecoder.decode(jpeg, "o" + orientation + ".jpg", FULL);
      assertEquals(64, full.originalWidth(), "orientation " + orientation);
      assertEquals(32, full.originalHeight());
      assertEquals(64, full.pixels().width());
      for (int[] centre : new int[][] {{16, 8}, {48, 8}, {16, 24}, {48, 24}}) {
        int x = centre[0];
        int y = centre[1];
        assertPixel(full.pixels(), x, y, displayed.get(x, y, 0), displayed.get(x, y, 1),
            displayed.get(x, y, 2), 8);
      }

      // Same result as OpenCV's own EXIF handling (imdecode without IGNORE_ORIENTATION).
      try (PointerScope scope = new PointerScope()) {
        Mat reference = imdecode(Mats.ofEncoded(jpeg), IMREAD_COLOR);
        assertArrayEquals(Mats.toRgbImage(reference, true).rgb(), full.pixels().rgb());
        Mat reducedReference = imdecode(Mats.ofEncoded(jpeg), IMREAD_REDUCED_COLOR_2);
        DecodedImage reduced =
            ImageDecoder.decode(jpeg, "r.jpg", FULL.withTargetSize(16));
        assertEquals(2, reduced.reduction());
        assertEquals(32, reduced.pixels().width());
        assertEquals(16, reduced.pixels().height());
        assertArrayEquals(Mats.toRgbImage(reducedReference, true).rgb(), reduced.pixels().rgb());
      }
    }
  }

  @Test
  void appliesOrientationToPngToo() {
    RgbImage displayed = quadrants();
    byte[] png = Fixtures.encode(storedFor(displayed, 6), ".png");
    byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,
        0, 0, 0, 0};
    DecodedImage decoded = ImageDecoder.decode(
        ImageProbeTest.insertPngChunk(png, "eXIf", tiff), "o.png", FULL);
    assertArrayEquals(displayed.rgb(), decoded.pixels().rgb());
  }

  @Test
  void choosesTheLargestReductionThatKeepsTheRegionAtTarget() {
    assertEquals(8, reduction(4000, 3000, 1, null, 256)); // 3000 / 8 = 375
    assertEquals(4, reduction(3000, 2000, 1, null, 256)); // 2000 / 8 = 250 < 256
    assertEquals(2, reduction(520, 512, 1, null, 256));
    assertEquals(1, reduction(511, 2000, 1, null, 256));
    assertEquals(1, reduction(4000, 3000, 1, null, 0)); // no target: full resolution
    // A crop box decides, not the image: 1000 px / 4 = 250 < 256.
    assertEquals(2, reduction(4000, 3000, 1, new Box(100, 100, 1000, 1000), 256));
    assertEquals(4, reduction(4000, 3000, 1, new Box(0, 0, 1024, 1024), 256));
    // A crop box sticking out of the image counts only its inside part.
    assertEquals(2, reduction(4000, 3000, 1, new Box(3000, 0, 5000, 3000), 256));
    // Orientation 6 swaps the axes the box refers to: 3000 x 4000 stored is 4000 wide shown.
    assertEquals(8, reduction(3000, 4000, 6, new Box(1000, 0, 2500, 2048), 256));
    assertEquals(1, reduction(3000, 4000, 1, new Box(1000, 0, 2500, 2048), 256 * 8 + 1));
    ImageHeader png = new ImageHeader(ImageFormat.PNG, 4000, 3000, 1, 3, 8, false, false, -1);
    assertEquals(1, ImageDecoder.chooseReduction(png, FULL.withTargetSize(256)));
  }

  private static int reduction(int width, int height, int orientation, Box region, int target) {
    ImageHeader header =
        new ImageHeader(ImageFormat.JPEG, width, height, orientation, 3, 8, false, false, -1);
    return ImageDecoder.chooseReduction(header, FULL.withTargetSize(target).withRegion(region));
  }

  @Test
  void reducedDecodeSizesRoundUpLikeLibjpeg() {
    RgbImage odd = Fixtures.photo(101, 67, 2);
    DecodedImage decoded = ImageDecoder.decode(
        Fixtures.encode(odd, ".jpg"), "odd.jpg", FULL.withTargetSize(8));
    assertEquals(8, decoded.reduction());
    assertEquals(13, decoded.pixels().width()); // ceil(101 / 8)
    assertEquals(9, decoded.pixels().height()); // ceil(67 / 8)
    assertEquals(0.125, decoded.scale());
    assertEquals(101, decoded.originalWidth());
  }

  @Test
  void compositesAlphaOnWhite() {
    try (PointerScope scope = new PointerScope()) {
      Mat bgra = new Mat(4, 12, CV_8UC4, new Scalar(200, 100, 0, 255)); // opaque (0,100,200)
      bgra.apply(new org.bytedeco.opencv.opencv_core.Rect(4, 0, 4, 4))
          .put(new Scalar(200, 100, 0, 0)); // fully transparent
      bgra.apply(new org.bytedeco.opencv.opencv_core.Rect(8, 0, 4, 4))
          .put(new Scalar(200, 100, 0, 128)); // half
      DecodedImage decoded =
          ImageDecoder.decode(Fixtures.encodeMat(bgra, ".png"), "alpha.png", FULL);
      RgbImage px = decoded.pixels();
      assertPixel(px, 1, 1, 0, 100, 200, 0);
      assertPixel(px, 5, 1, 255, 255, 255, 0);
      // c * 128/255 + 255 * 127/255
      assertPixel(px, 9, 1, 127, 177, 227, 1);
    }
  }

  @Test
  void handMadePngVariantsFollowTheAlphaAndGrayscaleRules() {
    // Gray + alpha (colour type 4): rejected from the header; with the rule off, composited.
    byte[] grayAlpha = Fixtures.png(2, 1, 4, new byte[] {100, (byte) 255, 100, 0}, null, null);
    assertReason(RejectReason.GRAYSCALE_SOURCE, grayAlpha);
    RgbImage composited = ImageDecoder.decode(grayAlpha, "ga.png",
        FULL.withGrayscale(GrayscaleRule.OFF)).pixels();
    assertPixel(composited, 0, 0, 100, 100, 100, 0);
    assertPixel(composited, 1, 0, 255, 255, 255, 0);

    // A palette of grays passes the header test and fails the chroma test.
    byte[] grayPalette = {0, 0, 0, 60, 60, 60, (byte) 200, (byte) 200, (byte) 200};
    byte[] indices = new byte[16 * 16];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = (byte) (i % 3);
    }
    assertReason(RejectReason.GRAYSCALE_SOURCE, Fixtures.png(16, 16, 3, indices, grayPalette, null));

    // A colour palette with a transparent entry (tRNS): that entry becomes white.
    byte[] palette = {(byte) 255, 0, 0, 0, 0, (byte) 255, 0, (byte) 255, 0};
    byte[] trns = {(byte) 255, 0};
    RgbImage keyed = ImageDecoder.decode(
        Fixtures.png(16, 16, 3, indices, palette, trns), "p.png", FULL).pixels();
    assertPixel(keyed, 0, 0, 255, 0, 0, 0);
    assertPixel(keyed, 1, 0, 255, 255, 255, 0); // index 1 (blue) is fully transparent
    assertPixel(keyed, 2, 0, 0, 255, 0, 0);
  }

  @Test
  void sixteenBitAlphaIsCompositedAtFullPrecision() {
    try (PointerScope scope = new PointerScope()) {
      Mat bgra = new Mat(2, 2, org.bytedeco.opencv.global.opencv_core.CV_16UC4,
          new Scalar(0, 32896, 65535, 32768)); // RGB (255, 128, 0) at alpha 0.5
      RgbImage px = ImageDecoder.decode(Fixtures.encodeMat(bgra, ".png"), "a16.png", FULL)
          .pixels();
      // 255 * (c * a + 1 - a) with a = 32768 / 65535
      assertPixel(px, 0, 0, 255, 191, 127, 0);
    }
  }

  @Test
  void ignoresTheFourthByteOfThirtyTwoBitBmps() {
    try (PointerScope scope = new PointerScope()) {
      Mat bgra = new Mat(4, 4, CV_8UC4, new Scalar(30, 60, 90, 0)); // alpha 0 everywhere
      RgbImage px = ImageDecoder.decode(Fixtures.encodeMat(bgra, ".bmp"), "a.bmp", FULL).pixels();
      assertPixel(px, 1, 1, 90, 60, 30, 0);
    }
  }

  @Test
  void sixteenBitSamplesAreScaledWithRoundingNotTruncated() {
    for (String extension : new String[] {".png", ".tiff"}) {
      // 400 / 257 = 1.56 -> 2 (the high byte would give 1); 200 -> 1 (high byte 0).
      DecodedImage decoded = ImageDecoder.decode(
          Fixtures.encode16(3, 2, 400, 200, 65535, extension), "deep" + extension, FULL);
      assertPixel(decoded.pixels(), 0, 0, 2, 1, 255, 0);
      DecodedImage mid = ImageDecoder.decode(
          Fixtures.encode16(3, 2, 32896, 0, 65000, extension), "deep" + extension, FULL);
      assertPixel(mid.pixels(), 2, 1, 128, 0, 253, 0);
    }
  }

  @Test
  void rejectsSingleChannelSourcesBeforeDecoding() {
    try (PointerScope scope = new PointerScope()) {
      Mat gray = new Mat(32, 32, CV_8UC1, new Scalar(120.0));
      for (String extension : new String[] {".jpg", ".png", ".tiff"}) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
            () -> ImageDecoder.decode(Fixtures.encodeMat(gray, extension), "g" + extension, FULL));
        assertEquals(RejectReason.GRAYSCALE_SOURCE, e.reason(), extension);
      }
      // With the rule off, a gray JPEG decodes to R = G = B.
      DecodedImage accepted = ImageDecoder.decode(Fixtures.encodeMat(gray, ".jpg"), "g.jpg",
          FULL.withGrayscale(GrayscaleRule.OFF));
      assertPixel(accepted.pixels(), 5, 5, 120, 120, 120, 1);
    }
  }

  @Test
  void rejectsThreeChannelImagesWithNegligibleChroma() {
    RgbImage gray = RgbImage.blank(100, 100);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        int v = (x * 2 + y) % 256;
        Fixtures.set(gray, x, y, v, Math.min(255, v + (x % 3 == 0 ? 1 : 0)), Math.max(0, v - 1));
      }
    }
    // Noise within the tolerance of 2 everywhere, plus 10 strongly coloured pixels (0.1 %).
    for (int i = 0; i < 10; i++) {
      Fixtures.set(gray, i, 0, 255, 0, 0);
    }
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> ImageDecoder.decode(Fixtures.encode(gray, ".png"), "gray3.png", FULL));
    assertEquals(RejectReason.GRAYSCALE_SOURCE, e.reason());
    assertTrue(e.getMessage().contains("10 of 10000"), e.getMessage());

    // One more chromatic pixel crosses the 0.1 % limit: a colour image.
    Fixtures.set(gray, 50, 50, 0, 0, 255);
    DecodedImage accepted = ImageDecoder.decode(Fixtures.encode(gray, ".png"), "c.png", FULL);
    assertEquals(100, accepted.pixels().width());

    // A gray photo stored as 3-channel JPEG (chroma exactly neutral) is grayscale too.
    RgbImage grayPhoto = RgbImage.blank(64, 64);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int v = PHOTO.get(x, y, 1);
        Fixtures.set(grayPhoto, x, y, v, v, v);
      }
    }
    assertEquals(RejectReason.GRAYSCALE_SOURCE, assertThrows(ImageRejectedException.class,
        () -> ImageDecoder.decode(Fixtures.encode(grayPhoto, ".jpg"), "g.jpg", FULL)).reason());
  }

  @Test
  void decodesAdobeCmykAndYcckJpegs() {
    RgbImage image = RgbImage.blank(32, 16);
    Fixtures.fill(image, 0, 0, 16, 16, 255, 0, 0);
    Fixtures.fill(image, 16, 0, 16, 16, 0, 0, 255);
    for (int transform : new int[] {0, 2}) {
      DecodedImage decoded =
          ImageDecoder.decode(Fixtures.adobeJpeg(image, transform), "cmyk.jpg", FULL);
      assertPixel(decoded.pixels(), 4, 8, 255, 0, 0, 6);
      assertPixel(decoded.pixels(), 27, 8, 0, 0, 255, 6);
    }
  }

  @Test
  void decodesTheFirstGifFrameOnItsLogicalScreen() {
    RgbImage frame = Fixtures.solid(20, 10, 255, 0, 0);
    Fixtures.fill(frame, 10, 0, 10, 10, 0, 153, 51);
    byte[] gif = Fixtures.gif(frame, 30, 20, 5, 6);
    DecodedImage decoded = ImageDecoder.decode(gif, "anim.GIF", FULL);
    assertEquals(ImageFormat.GIF, decoded.format());
    assertEquals(30, decoded.pixels().width());
    assertEquals(20, decoded.pixels().height());
    assertPixel(decoded.pixels(), 0, 0, 255, 255, 255, 0); // outside the frame: white
    assertPixel(decoded.pixels(), 6, 7, 255, 0, 0, 0); // frame 1, not the blue frame 2
    assertPixel(decoded.pixels(), 20, 10, 0, 153, 51, 0);
  }

  @Test
  void rejectsTruncatedFilesOfEveryFormat() {
    byte[] jpeg = Fixtures.encode(PHOTO, ".jpg");
    assertReason(RejectReason.TRUNCATED, Arrays.copyOf(jpeg, jpeg.length - 2)); // no EOI only
    assertReason(RejectReason.TRUNCATED, Arrays.copyOf(jpeg, jpeg.length * 3 / 4));
    byte[] progressive = Fixtures.encode(PHOTO, ".jpg", IMWRITE_JPEG_PROGRESSIVE, 1);
    assertReason(RejectReason.TRUNCATED, Arrays.copyOf(progressive, progressive.length - 100));
    for (String extension : new String[] {".png", ".bmp", ".tiff", ".webp"}) {
      byte[] bytes = Fixtures.encode(PHOTO, extension);
      assertReason(RejectReason.TRUNCATED, Arrays.copyOf(bytes, bytes.length - 10));
      assertReason(RejectReason.TRUNCATED, Arrays.copyOf(bytes, bytes.length / 2));
    }
    byte[] gif = Fixtures.gif(PHOTO, 96, 64, 0, 0);
    assertReason(RejectReason.TRUNCATED, Arrays.copyOf(gif, gif.length / 3));
  }

  @Test
  void acceptsBytesAfterTheJpegEndMarker() {
    byte[] jpeg = Fixtures.encode(PHOTO, ".jpg");
    byte[] trailing = Fixtures.concat(jpeg, new byte[] {0, 0, 'x', 'y', 0x12});
    assertEquals(96, ImageDecoder.decode(trailing, "t.jpg", FULL).pixels().width());
  }

  @Test
  void rejectsCompleteButDamagedDataAsCorrupt() {
    byte[] jpeg = Fixtures.encode(PHOTO, ".jpg");
    byte[] badTables = jpeg.clone();
    for (int i = 2; i + 3 < badTables.length; i++) {
      if ((badTables[i] & 0xFF) == 0xFF && (badTables[i + 1] & 0xFF) == 0xC4) { // DHT
        int length = ImageProbe.u16be(badTables, i + 2);
        Arrays.fill(badTables, i + 4, i + 2 + length, (byte) 0xFF);
        break;
      }
    }
    assertReason(RejectReason.CORRUPT, badTables);

    byte[] png = Fixtures.encode(PHOTO, ".png");
    byte[] badData = png.clone();
    for (int i = 200; i < 400; i++) {
      badData[i] ^= 0x5A;
    }
    assertReason(RejectReason.CORRUPT, badData);
  }

  @Test
  void refusesOversizedHeadersBeforeDecoding() {
    // 3 gigapixels declared, with no valid pixel data: decoding would fail as CORRUPT instead.
    ImageRejectedException bomb = assertReason(RejectReason.TOO_LARGE,
        ImageProbeTest.pngHeaderOnly(60_000, 50_000));
    assertTrue(bomb.getMessage().contains("3000000000"), bomb.getMessage());
    byte[] small = Fixtures.encode(PHOTO, ".jpg");
    assertEquals(RejectReason.TOO_LARGE, assertThrows(ImageRejectedException.class,
        () -> ImageDecoder.decode(small, "s.jpg", FULL.withMaxPixels(96 * 64 - 1))).reason());
    assertEquals(96, ImageDecoder.decode(small, "s.jpg", FULL.withMaxPixels(96 * 64))
        .pixels().width());
  }

  @Test
  void rejectsUnsupportedVariantsAndNonImages() {
    byte[] jpeg = Fixtures.encode(PHOTO, ".jpg");
    int sof = indexOfMarker(jpeg, 0xC0);
    byte[] twelveBit = jpeg.clone();
    twelveBit[sof + 4] = 12;
    assertReason(RejectReason.UNSUPPORTED, twelveBit);
    byte[] lossless = jpeg.clone();
    lossless[sof + 1] = (byte) 0xC3;
    assertReason(RejectReason.UNSUPPORTED, lossless);
    assertReason(RejectReason.EMPTY_FILE, new byte[0]);
    assertReason(RejectReason.NOT_AN_IMAGE, "<html>not a jpeg</html>".getBytes());
  }

  private static int indexOfMarker(byte[] jpeg, int marker) {
    for (int i = 2; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }

  private static ImageRejectedException assertReason(RejectReason reason, byte[] bytes) {
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> ImageDecoder.decode(bytes, "사진.jpg", FULL));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("사진.jpg"));
    return e;
  }

  private static void assertPixel(RgbImage image, int x, int y, int r, int g, int b, int tol) {
    int[] actual = {image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2)};
    int[] expected = {r, g, b};
    for (int c = 0; c < 3; c++) {
      assertTrue(Math.abs(actual[c] - expected[c]) <= tol,
          "pixel (" + x + "," + y + ") = " + Arrays.toString(actual) + ", expected "
              + Arrays.toString(expected) + " +-" + tol);
    }
  }
}
