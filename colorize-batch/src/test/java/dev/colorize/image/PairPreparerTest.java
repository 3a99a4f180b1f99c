package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PairPreparerTest {

  private static final PrepareOptions SMALL = PrepareOptions.defaults().withSize(64);
  private static byte[] bigJpeg;

  @BeforeAll
  static void makeBigJpeg() {
    bigJpeg = Fixtures.encode(Fixtures.photo(2048, 1536, 11), ".jpg", IMWRITE_JPEG_QUALITY, 92);
  }

  /** 400 x 200: four 100-pixel-wide vertical bands, green | red | blue | green. */
  private static byte[] bands() {
    RgbImage image = Fixtures.solid(400, 200, 0, 200, 0);
    Fixtures.fill(image, 100, 0, 100, 200, 230, 20, 20);
    Fixtures.fill(image, 200, 0, 100, 200, 20, 20, 230);
    return Fixtures.encode(image, ".png");
  }

  @Test
  void stretchKeepsEverythingAndDistorts() {
    PreparedPair pair = PairPreparer.prepare(bands(), "bands.png", null, SMALL);
    RgbImage out = pair.resized();
    assertEquals(64, out.width());
    assertEquals(64, out.height());
    assertColor(out, 4, 32, 0, 200, 0); // band 1 of 4 -> x in [0, 16)
    assertColor(out, 24, 32, 230, 20, 20);
    assertColor(out, 40, 32, 20, 20, 230);
    assertColor(out, 60, 32, 0, 200, 0);
    assertEquals(new Box(0, 0, 400, 200), pair.source().region());
  }

  @Test
  void centerCropKeepsTheMiddleSquare() {
    PreparedPair pair = PairPreparer.prepare(bands(), "bands.png", null,
        SMALL.withPolicy(ResizePolicy.CENTER_CROP));
    RgbImage out = pair.resized();
    for (int y : new int[] {0, 31, 63}) {
      assertColor(out, 0, y, 230, 20, 20); // x 100..200 -> left half red, no green
      assertColor(out, 30, y, 230, 20, 20);
      assertColor(out, 33, y, 20, 20, 230);
      assertColor(out, 63, y, 20, 20, 230);
    }
  }

  @Test
  void padCentresTheImageOnNeutralGray() {
    RgbImage wide = Fixtures.solid(400, 200, 230, 20, 20);
    RgbImage out = PairPreparer.prepare(Fixtures.encode(wide, ".png"), "wide.png", null,
        SMALL.withPolicy(ResizePolicy.PAD)).resized();
    int pad = PairPreparer.PAD_VALUE;
    assertColor(out, 32, 0, pad, pad, pad);
    assertColor(out, 32, 15, pad, pad, pad);
    assertColor(out, 32, 16, 230, 20, 20);
    assertColor(out, 32, 47, 230, 20, 20);
    assertColor(out, 32, 48, pad, pad, pad);
    assertColor(out, 32, 63, pad, pad, pad);

    RgbImage tall = Fixtures.solid(50, 200, 20, 20, 230);
    RgbImage column = PairPreparer.prepare(Fixtures.encode(tall, ".png"), "tall.png", null,
        SMALL.withPolicy(ResizePolicy.PAD)).resized();
    // 50 x 200 -> 16 x 64 centred: columns 24..39.
    assertColor(column, 23, 10, pad, pad, pad);
    assertColor(column, 24, 10, 20, 20, 230);
    assertColor(column, 39, 10, 20, 20, 230);
    assertColor(column, 40, 10, pad, pad, pad);
  }

  @Test
  void shrinkingUsesAreaAndEnlargingUsesCubicInterpolation() {
    RgbImage big = Fixtures.photo(300, 200, 5);
    RgbImage small = Fixtures.photo(40, 30, 6);
    RgbImage wide = Fixtures.photo(200, 40, 8);
    try (PointerScope scope = new PointerScope()) {
      assertArrayEquals(openCvResize(big, 64, 64, INTER_AREA).rgb(),
          PairPreparer.prepare(Fixtures.encode(big, ".png"), "b", null, SMALL).resized().rgb());
      assertArrayEquals(openCvResize(small, 64, 64, INTER_CUBIC).rgb(),
          PairPreparer.prepare(Fixtures.encode(small, ".png"), "s", null, SMALL).resized().rgb());
      // Width shrinks (200 -> 64) and height grows (40 -> 64): area first, then cubic.
      RgbImage twoPass = openCvResize(openCvResize(wide, 64, 40, INTER_AREA), 64, 64, INTER_CUBIC);
      assertArrayEquals(twoPass.rgb(),
          PairPreparer.prepare(Fixtures.encode(wide, ".png"), "w", null, SMALL).resized().rgb());
    }
    assertEquals(INTER_AREA, PairPreparer.interpolationFor(300, 64));
    assertEquals(INTER_CUBIC, PairPreparer.interpolationFor(40, 64));
  }

  private static RgbImage openCvResize(RgbImage image, int width, int height, int interpolation) {
    try (PointerScope scope = new PointerScope()) {
      Mat out = new Mat();
      opencv_imgproc.resize(Mats.ofRgb(image), out, new Size(width, height), 0, 0, interpolation);
      return Mats.toRgbImage(out, false);
    }
  }

  @Test
  void cropsInOriginalCoordinatesAndClipsToTheImage() {
    RgbImage image = Fixtures.photo(300, 200, 9);
    byte[] png = Fixtures.encode(image, ".png");
    Box crop = new Box(100, 50, 128, 96);
    PreparedPair pair = PairPreparer.prepare(png, "c.png", crop, SMALL);
    RgbImage expected;
    try (PointerScope scope = new PointerScope()) {
      Mat roi = Mats.ofRgb(image).apply(new Rect(100, 50, 128, 96));
      Mat out = new Mat();
      opencv_imgproc.resize(roi, out, new Size(64, 64), 0, 0, INTER_AREA);
      expected = Mats.toRgbImage(out, false);
    }
    assertArrayEquals(expected.rgb(), pair.resized().rgb());
    assertEquals(crop, pair.source().region());

    PreparedPair clipped = PairPreparer.prepare(png, "c.png", new Box(250, 150, 100, 100), SMALL);
    assertEquals(new Box(250, 150, 50, 50), clipped.source().region());

    ImageRejectedException outside = assertThrows(ImageRejectedException.class,
        () -> PairPreparer.prepare(png, "c.png", new Box(400, 10, 20, 20), SMALL));
    assertEquals(RejectReason.CROP_OUTSIDE_IMAGE, outside.reason());
    assertTrue(outside.getMessage().contains("300x200"), outside.getMessage());
  }

  @Test
  void cropBoxesReferToTheOrientedImage() {
    RgbImage displayed = Fixtures.solid(64, 32, 220, 30, 30);
    Fixtures.fill(displayed, 32, 0, 32, 16, 30, 200, 40); // top-right quadrant green
    // Stored rotated for orientation 6 (displayed (x, y) = stored (col y, row 63 - x)).
    RgbImage stored = RgbImage.blank(32, 64);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 64; x++) {
        Fixtures.set(stored, y, 63 - x, displayed.get(x, y, 0), displayed.get(x, y, 1),
            displayed.get(x, y, 2));
      }
    }
    byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,
        0, 0, 0, 0};
    byte[] png = ImageProbeTest.insertPngChunk(Fixtures.encode(stored, ".png"), "eXIf", tiff);
    PreparedPair pair = PairPreparer.prepare(png, "o.png", new Box(32, 0, 32, 16),
        PrepareOptions.defaults().withSize(16));
    assertEquals(64, pair.source().originalWidth());
    for (int i = 0; i < 16 * 16; i++) {
      assertColor(pair.resized(), i % 16, i / 16, 30, 200, 40);
    }
  }

  @Test
  void reducedDecodingMatchesFullDecodingAndResize() {
    PrepareOptions reduced = PrepareOptions.defaults();
    PrepareOptions full = reduced.withReducedDecoding(false);
    for (ResizePolicy policy : ResizePolicy.values()) {
      PreparedPair fast = PairPreparer.prepare(bigJpeg, "big.jpg", null, reduced.withPolicy(policy));
      PreparedPair slow = PairPreparer.prepare(bigJpeg, "big.jpg", null, full.withPolicy(policy));
      assertEquals(4, fast.source().reduction()); // 1536 / 8 = 192 < 256 <= 1536 / 4
      assertEquals(1, slow.source().reduction());
      double psnr = Fixtures.psnr(slow.resized(), fast.resized());
      assertTrue(psnr > 30, policy + " PSNR " + psnr);
    }
    Box crop = new Box(301, 199, 1100, 1000);
    PreparedPair fast = PairPreparer.prepare(bigJpeg, "big.jpg", crop, reduced);
    PreparedPair slow = PairPreparer.prepare(bigJpeg, "big.jpg", crop, full);
    assertEquals(2, fast.source().reduction()); // 1000 / 4 = 250 < 256
    assertEquals(crop, fast.source().region());
    double psnr = Fixtures.psnr(slow.resized(), fast.resized());
    assertTrue(psnr > 30, "crop PSNR " + psnr);
  }

  @Test
  void reductionSlackAllowsTheNextReductionWhenTheRegionFallsJustShort() {
    PrepareOptions strict = PrepareOptions.defaults();
    PrepareOptions slack = strict.withReductionSlack(0.03);
    assertEquals(256, strict.decodeTarget());
    assertEquals(249, slack.decodeTarget()); // ceil(256 * 0.97)
    ImageHeader photo = new ImageHeader(ImageFormat.JPEG, 3000, 2000, 1, 3, 8, false, false, -1);
    assertEquals(4, ImageDecoder.chooseReduction(photo, strict.decodeOptions(null)));
    assertEquals(8, ImageDecoder.chooseReduction(photo, slack.decodeOptions(null)));
    assertEquals(0, strict.withReducedDecoding(false).decodeOptions(null).targetSize());
    // 1536 / 8 = 192 is more than 3 % short of 256: still 1/4, and the result is unchanged.
    PreparedPair fast = PairPreparer.prepare(bigJpeg, "big.jpg", null, slack);
    assertEquals(4, fast.source().reduction());
    PreparedPair wide = PairPreparer.prepare(bigJpeg, "big.jpg", null,
        strict.withSize(200).withReductionSlack(0.05)); // target 190 <= 192: 1/8
    assertEquals(8, wide.source().reduction());
    PreparedPair reference = PairPreparer.prepare(bigJpeg, "big.jpg", null,
        strict.withSize(200).withReducedDecoding(false));
    assertTrue(Fixtures.psnr(reference.resized(), wide.resized()) > 30);
    assertThrows(IllegalArgumentException.class, () -> strict.withReductionSlack(0.6));
  }

  @Test
  void resizePoliciesHaveConfigurationIds() {
    for (ResizePolicy policy : ResizePolicy.values()) {
      assertEquals(policy, ResizePolicy.fromId(policy.id()));
    }
    assertEquals("center-crop", ResizePolicy.CENTER_CROP.id());
    assertEquals(ResizePolicy.CENTER_CROP, ResizePolicy.fromId(" Center_Crop "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResizePolicy.fromId("fit"));
    assertTrue(e.getMessage().contains("'fit'"), e.getMessage());
  }

  @Test
  void preparingADecodedImageEqualsPreparingTheBytes() {
    Box crop = new Box(500, 300, 900, 700);
    DecodedImage decoded = ImageDecoder.decode(bigJpeg, "big.jpg",
        PrepareOptions.defaults().decodeOptions(crop));
    assertEquals(2, decoded.reduction());
    PreparedPair viaImage =
        PairPreparer.prepare(decoded, "big.jpg", crop, PrepareOptions.defaults());
    PreparedPair viaBytes = PairPreparer.prepare(bigJpeg, "big.jpg", crop, PrepareOptions.defaults());
    assertArrayEquals(viaBytes.resized().rgb(), viaImage.resized().rgb());
    assertEquals(viaBytes.source(), viaImage.source());
  }

  @Test
  void truthIsTheLabRoundTripAndGrayIsTheLightness() {
    PreparedPair pair = PairPreparer.prepare(Fixtures.encode(Fixtures.photo(80, 60, 4), ".png"),
        "p.png", null, SMALL);
    LabImage lab = CieLab.fromRgb(pair.resized());
    assertArrayEquals(lab.l(), pair.lab().l());
    assertArrayEquals(lab.a(), pair.lab().a());
    assertArrayEquals(CieLab.toRgb(lab).rgb(), pair.truth().rgb());
    LabImage gray = pair.gray();
    assertArrayEquals(lab.l(), gray.l());
    for (int i = 0; i < gray.a().length; i++) {
      assertEquals(0f, gray.a()[i]);
      assertEquals(0f, gray.b()[i]);
    }
    RgbImage grayRgb = pair.grayRgb();
    for (int i = 0; i < 64 * 64; i++) {
      int r = grayRgb.rgb()[3 * i] & 0xFF;
      assertTrue(Math.abs(r - (grayRgb.rgb()[3 * i + 1] & 0xFF)) <= 1);
      assertTrue(Math.abs(r - (grayRgb.rgb()[3 * i + 2] & 0xFF)) <= 1);
    }
    assertTrue(Fixtures.maxDifference(pair.resized(), pair.truth()) <= 1,
        "sRGB -> Lab -> sRGB changes 8-bit values by at most one step");
  }

  private static void assertColor(RgbImage image, int x, int y, int r, int g, int b) {
    int[] actual = {image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2)};
    int[] expected = {r, g, b};
    for (int c = 0; c < 3; c++) {
      assertTrue(Math.abs(actual[c] - expected[c]) <= 2, "pixel (" + x + "," + y + ") = "
          + java.util.Arrays.toString(actual) + ", expected " + java.util.Arrays.toString(expected));
    }
  }
}
