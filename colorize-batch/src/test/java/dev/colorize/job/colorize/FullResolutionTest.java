package dev.colorize.job.colorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.Box;
import dev.colorize.image.CieLab;
import dev.colorize.image.ImageFormat;
import dev.colorize.image.ImageRejectedException;
import dev.colorize.image.LabImage;
import dev.colorize.image.RejectReason;
import dev.colorize.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Full-resolution lightness, the model input made from it, and the chroma join. */
class FullResolutionTest {

  @Test
  void lightnessOfAColourPhotoIsCieLabAtEveryPixel() throws Exception {
    BufferedImage image = PhotoFixtures.noise(301, 203, 7, false);
    try (FullResolution.Lightness l = FullResolution.lightness(PhotoFixtures.png(image),
        "noise.png", 64, Long.MAX_VALUE, List.of())) {
      assertEquals(301, l.width());
      assertEquals(203, l.height());
      assertEquals(ImageFormat.PNG, l.format());
      float[] plane = l.copyPlane();
      double[] lab = new double[3];
      double worst = 0;
      for (int y = 0; y < 203; y++) {
        for (int x = 0; x < 301; x++) {
          int rgb = image.getRGB(x, y);
          CieLab.rgbToLab((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, lab);
          worst = Math.max(worst, Math.abs(lab[0] - plane[y * 301 + x]));
        }
      }
      assertTrue(worst < 1e-3, "largest L difference from CieLab " + worst);
    }
  }

  @Test
  void theModelInputIsTheAreaResizedLightnessWithoutChroma() throws Exception {
    // Constant 4x4 blocks: area resizing by 4 gives each block's exact L.
    BufferedImage image = new BufferedImage(128, 64, BufferedImage.TYPE_BYTE_GRAY);
    Random random = new Random(3);
    int[][] block = new int[16][32];
    for (int by = 0; by < 16; by++) {
      for (int bx = 0; bx < 32; bx++) {
        block[by][bx] = random.nextInt(256);
        for (int y = 0; y < 4; y++) {
          for (int x = 0; x < 4; x++) {
            image.getRaster().setSample(bx * 4 + x, by * 4 + y, 0, block[by][bx]);
          }
        }
      }
    }
    try (FullResolution.Lightness l = FullResolution.lightness(PhotoFixtures.png(image), "b.png",
        32, Long.MAX_VALUE, List.of(new Box(64, 32, 64, 32), new Box(500, 500, 5, 5)))) {
      LabImage gray = l.input().gray();
      assertEquals(32, gray.width());
      assertEquals(32, gray.height());
      double[] lab = new double[3];
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          // 128x64 -> 32x32: x shrinks by 4, y by 2, so row y holds block row y / 2.
          int v = block[y / 2][x];
          CieLab.rgbToLab(v, v, v, lab);
          assertEquals(lab[0], gray.l()[y * 32 + x], 1e-3, "L at " + x + "," + y);
          assertEquals(0f, gray.a()[y * 32 + x]);
          assertEquals(0f, gray.b()[y * 32 + x]);
        }
      }
      assertEquals(List.of(new Box(16, 16, 16, 16)), l.input().instances(),
          "boxes scale to the working size; a box outside the image is dropped");
    }
  }

  @Test
  void smallPhotosAreEnlargedToTheWorkingSizeWithinTheLightnessRange() throws Exception {
    BufferedImage image = PhotoFixtures.noise(40, 30, 11, true);
    try (FullResolution.Lightness l = FullResolution.lightness(PhotoFixtures.png(image), "s.png",
        64, Long.MAX_VALUE, List.of())) {
      for (float v : l.input().gray().l()) {
        assertTrue(v >= 0 && v <= 100, "L " + v);
      }
      assertEquals(40, l.width());
    }
  }

  @Test
  void noChromaGivesBackTheGrayPhotoExactly() throws Exception {
    // A one-channel JPEG, the usual old photo; many strips (rows per strip < height).
    BufferedImage image = PhotoFixtures.noise(700, 260, 5, true);
    byte[] jpeg = PhotoFixtures.jpeg(image);
    RgbImage decoded = PhotoFixtures.decode(jpeg);
    try (FullResolution.Lightness l = FullResolution.lightness(jpeg, "old.jpg", 48,
        Long.MAX_VALUE, List.of());
        Mat bgr = FullResolution.render(l, l.input().gray().withoutChroma())) {
      RgbImage out = PhotoFixtures.toRgb(bgr);
      assertEquals(700, out.width());
      assertEquals(260, out.height());
      int differing = 0;
      for (int i = 0; i < out.rgb().length; i++) {
        int diff = Math.abs((out.rgb()[i] & 0xFF) - (decoded.rgb()[i] & 0xFF));
        assertTrue(diff <= 1, "byte " + i + " differs by " + diff);
        differing += diff;
      }
      assertEquals(0, differing, "L round trip with no chroma is exact");
    }
  }

  @Test
  void chromaIsUpsampledBilinearlyAndJoinedWithTheOriginalLightness() throws Exception {
    int size = 16;
    int width = 400;
    int height = 330; // 163 rows per strip: three strips
    BufferedImage image = PhotoFixtures.noise(width, height, 9, true);
    // Mid-gray-ish so the chroma below stays inside the sRGB gamut.
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = 110 + (image.getRaster().getSample(x, y, 0) % 60);
        image.getRaster().setSample(x, y, 0, v);
      }
    }
    byte[] png = PhotoFixtures.png(image);
    try (FullResolution.Lightness l = FullResolution.lightness(png, "ramp.png", size,
        Long.MAX_VALUE, List.of())) {
      float[] fullL = l.copyPlane();
      LabImage gray = l.input().gray();
      float[] a = new float[size * size];
      float[] b = new float[size * size];
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          a[y * size + x] = -15 + 2f * x; // ramps along x ...
          b[y * size + x] = 12 - 1.5f * y; // ... and along y
        }
      }
      LabImage prediction = new LabImage(size, size, new float[size * size], a, b);
      try (Mat bgr = FullResolution.render(l, prediction)) {
        LabImage out = CieLab.fromRgb(PhotoFixtures.toRgb(bgr));
        double worstL = 0;
        double worstA = 0;
        double worstB = 0;
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            int i = y * width + x;
            double sx = clamp((x + 0.5) * size / width - 0.5, size - 1);
            double sy = clamp((y + 0.5) * size / height - 0.5, size - 1);
            worstL = Math.max(worstL, Math.abs(out.l()[i] - fullL[i]));
            worstA = Math.max(worstA, Math.abs(out.a()[i] - (-15 + 2 * sx)));
            worstB = Math.max(worstB, Math.abs(out.b()[i] - (12 - 1.5 * sy)));
          }
        }
        // 8-bit sRGB quantisation moves L by < 0.3 and a, b by < 1.5 at these lightnesses.
        assertTrue(worstL < 0.6, "L kept from the original: worst " + worstL);
        assertTrue(worstA < 1.5, "a upsampled bilinearly: worst " + worstA);
        assertTrue(worstB < 1.5, "b upsampled bilinearly: worst " + worstB);
      }
      assertEquals(size, gray.width());
    }
  }

  @Test
  void theJoinAgreesWithCieLabToTheCode() throws Exception {
    // Arbitrary L from a colour photo and arbitrary chroma, at the working size (no upsampling).
    int size = 64;
    BufferedImage image = PhotoFixtures.noise(size, size, 13, false);
    Random random = new Random(17);
    try (FullResolution.Lightness l = FullResolution.lightness(PhotoFixtures.png(image), "n.png",
        size, Long.MAX_VALUE, List.of())) {
      float[] fullL = l.copyPlane();
      float[] a = new float[size * size];
      float[] b = new float[size * size];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextFloat() * 200 - 100;
        b[i] = random.nextFloat() * 200 - 100;
      }
      try (Mat bgr = FullResolution.render(l, new LabImage(size, size, fullL, a, b))) {
        RgbImage out = PhotoFixtures.toRgb(bgr);
        RgbImage expected = CieLab.toRgb(new LabImage(size, size, fullL, a, b));
        int worst = 0;
        for (int i = 0; i < out.rgb().length; i++) {
          worst = Math.max(worst, Math.abs((out.rgb()[i] & 0xFF) - (expected.rgb()[i] & 0xFF)));
        }
        assertTrue(worst <= 1, "OpenCV's Lab2BGR vs CieLab.labToRgb: " + worst + " codes");
      }
    }
  }

  @Test
  void aPredictionOfTheWrongSizeIsRefused() throws Exception {
    try (FullResolution.Lightness l = FullResolution.lightness(
        PhotoFixtures.png(PhotoFixtures.noise(50, 40, 1, true)), "x.png", 32, Long.MAX_VALUE,
        List.of())) {
      LabImage wrong = new LabImage(16, 16, new float[256], new float[256], new float[256]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> FullResolution.render(l, wrong));
      assertEquals("the model returned 16x16 chroma for a 32x32 input", e.getMessage());
    }
  }

  @Test
  void sourcesOverThePixelLimitAreRejectedBeforeDecoding() throws Exception {
    byte[] png = PhotoFixtures.png(PhotoFixtures.noise(100, 100, 1, true));
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> FullResolution.lightness(png, "big.png", 32, 9_999, List.of()));
    assertEquals(RejectReason.TOO_LARGE, e.reason());
  }

  private static double clamp(double v, double max) {
    return Math.max(0, Math.min(max, v));
  }

}
