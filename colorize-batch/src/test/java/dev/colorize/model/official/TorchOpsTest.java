package dev.colorize.model.official;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ops the InstColor networks add, against their PyTorch definitions written out as loops
 * (the whole networks are compared with PyTorch itself in the reference tests).
 */
class TorchOpsTest {

  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /**
   * {@code nn.ConvTranspose2d(in, out, 4, stride=2, padding=1)}: {@code y[o, Y, X] = b[o] +
   * sum x[i, m, n] w[i, o, Y + 1 - 2m, X + 1 - 2n]} over taps inside the kernel.
   */
  @Test
  void convTranspose2dIsTheTransposedConvolution() {
    int in = 3;
    int out = 2;
    int h = 4;
    int w = 5;
    float[] x = random(in * h * w, 1);
    float[] k = random(in * out * 16, 2);
    float[] b = random(out, 3);
    float[] expected = new float[out * 2 * h * 2 * w];
    for (int o = 0; o < out; o++) {
      for (int yy = 0; yy < 2 * h; yy++) {
        for (int xx = 0; xx < 2 * w; xx++) {
          double sum = b[o];
          for (int i = 0; i < in; i++) {
            for (int m = 0; m < h; m++) {
              for (int n = 0; n < w; n++) {
                int a = yy + 1 - 2 * m;
                int c = xx + 1 - 2 * n;
                if (a >= 0 && a < 4 && c >= 0 && c < 4) {
                  sum += x[(i * h + m) * w + n] * k[((i * out + o) * 4 + a) * 4 + c];
                }
              }
            }
          }
          expected[(o * 2 * h + yy) * 2 * w + xx] = (float) sum;
        }
      }
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray y = TorchOps.convTranspose2d(manager.create(x, new Shape(1, in, h, w)),
          manager.create(k, new Shape(in, out, 4, 4)), manager.create(b));
      assertEquals(new Shape(1, out, 2 * h, 2 * w), y.getShape());
      assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
    }
  }

  /**
   * {@code F.interpolate(mode='bilinear', align_corners=False)}: source {@code (d + 0.5) * in /
   * out - 0.5}, clamped at 0, between the floor and the next pixel (the last one repeated).
   */
  @Test
  void interpolateBilinearIsPyTorchsAlignCornersFalse() {
    int h = 3;
    int w = 4;
    int oh = 7;
    int ow = 2;
    float[] x = random(2 * h * w, 4);
    float[] expected = new float[2 * oh * ow];
    for (int c = 0; c < 2; c++) {
      for (int yy = 0; yy < oh; yy++) {
        for (int xx = 0; xx < ow; xx++) {
          double sy = Math.max(0, (yy + 0.5) * h / oh - 0.5);
          double sx = Math.max(0, (xx + 0.5) * w / ow - 0.5);
          int y0 = (int) sy;
          int x0 = (int) sx;
          int y1 = Math.min(y0 + 1, h - 1);
          int x1 = Math.min(x0 + 1, w - 1);
          double ly = sy - y0;
          double lx = sx - x0;
          double v = (1 - ly) * ((1 - lx) * x[(c * h + y0) * w + x0] + lx * x[(c * h + y0) * w + x1])
              + ly * ((1 - lx) * x[(c * h + y1) * w + x0] + lx * x[(c * h + y1) * w + x1]);
          expected[(c * oh + yy) * ow + xx] = (float) v;
        }
      }
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray y = TorchOps.interpolateBilinear(manager.create(x, new Shape(1, 2, h, w)), oh, ow);
      assertEquals(new Shape(1, 2, oh, ow), y.getShape());
      assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
    }
  }

  /** {@code F.pad(x, (left, right, top, bottom))}: zeros around, the input in place. */
  @Test
  void padPutsZerosLeftRightTopBottom() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray y = TorchOps.pad(manager.create(new float[] {1, 2}, new Shape(1, 1, 1, 2)),
          1, 2, 0, 1);
      assertEquals(new Shape(1, 1, 2, 5), y.getShape());
      assertArrayEquals(new float[] {0, 1, 2, 0, 0, 0, 0, 0, 0, 0}, y.toFloatArray());
    }
  }
}
