package dev.colorize.model.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The double-precision reference's dilation, checked by an identity that does not use it: a 3x3
 * kernel with dilation d is the (2d + 1)-square kernel holding the same taps every d-th place and
 * zeros between them, so both give the same output and input gradient, and the dense kernel's
 * weight gradient at the taps' places is the dilated kernel's.
 */
class ConvolutionReferenceTest {

  @Test
  void dilatedKernelEqualsItsZeroStuffedDenseKernel() {
    int batch = 2;
    int in = 3;
    int out = 2;
    int side = 9;
    for (int dilation : new int[] {2, 3}) {
      int dense = 2 * dilation + 1;
      ConvolutionReference dilated = new ConvolutionReference(batch, in, out, 3, 1, dilation,
          side, dilation);
      ConvolutionReference stuffed = new ConvolutionReference(batch, in, out, dense, 1, dilation,
          side);
      assertEquals(side, dilated.outSide(), "padding = dilation keeps the side");
      assertEquals(stuffed.outSide(), dilated.outSide());

      Random random = new Random(dilation);
      float[] x = ConvolutionCheck.uniform(random, batch * in * side * side, 1);
      float[] w = ConvolutionCheck.uniform(random, out * in * 9, 1);
      float[] b = ConvolutionCheck.uniform(random, out, 1);
      float[] g = ConvolutionCheck.uniform(random, batch * out * side * side, 1);
      float[] wDense = new float[out * in * dense * dense];
      for (int oi = 0; oi < out * in; oi++) {
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 3; c++) {
            wDense[(oi * dense + r * dilation) * dense + c * dilation] = w[(oi * 3 + r) * 3 + c];
          }
        }
      }
      double[][] a = dilated.compute(x, w, b, g);
      double[][] e = stuffed.compute(x, wDense, b, g);
      assertArrayEquals(e[0], a[0], 1e-9, "forward, dilation " + dilation);
      assertArrayEquals(e[2], a[2], 1e-9, "input gradient, dilation " + dilation);
      assertArrayEquals(e[3], a[3], 1e-9, "bias gradient, dilation " + dilation);
      for (int oi = 0; oi < out * in; oi++) {
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(e[1][(oi * dense + r * dilation) * dense + c * dilation],
                a[1][(oi * 3 + r) * 3 + c], 1e-9, "weight gradient, dilation " + dilation);
          }
        }
      }
    }
  }

  @Test
  void undilatedConstructorMeansDilationOne() {
    ConvolutionReference r = new ConvolutionReference(1, 4, 4, 3, 2, 1, 8);
    assertEquals(1, r.dilation());
    assertEquals(4, r.outSide());
    assertEquals(8, new ConvolutionReference(1, 4, 4, 3, 1, 2, 8, 2).outSide());
  }
}
