package dev.colorize.model.cpu;

/**
 * A 2-D convolution (cross-correlation, square kernel, equal stride, zero padding and dilation on
 * both axes, with bias) and its gradients computed in double, to check oneDNN's kernels against
 * ({@link ConvolutionCheck}).
 * The loss whose gradients it gives is {@code sum(y * g)} for a given output gradient {@code g},
 * so {@code dLoss/dy = g}.
 *
 * @param batch   N
 * @param in      input channels
 * @param out     output channels
 * @param kernel  kernel side
 * @param stride  stride
 * @param pad     zero padding on each side
 * @param side     input height and width
 * @param dilation spacing of the kernel's taps (1: adjacent)
 */
public record ConvolutionReference(int batch, int in, int out, int kernel, int stride, int pad,
    int side, int dilation) {

  /** Without dilation. */
  public ConvolutionReference(int batch, int in, int out, int kernel, int stride, int pad,
      int side) {
    this(batch, in, out, kernel, stride, pad, side, 1);
  }

  /** Output height and width. */
  public int outSide() {
    return (side + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
  }

  /**
   * @param x input {@code [batch, in, side, side]}
   * @param w weight {@code [out, in, kernel, kernel]}
   * @param b bias {@code [out]}
   * @param g output gradient {@code [batch, out, outSide, outSide]}
   * @return {y, dLoss/dw, dLoss/dx, dLoss/db}, each flattened in NCHW / OIHW order
   */
  public double[][] compute(float[] x, float[] w, float[] b, float[] g) {
    int o2 = outSide();
    double[] y = new double[batch * out * o2 * o2];
    double[] gw = new double[w.length];
    double[] gx = new double[x.length];
    double[] gb = new double[out];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < out; o++) {
        for (int r = 0; r < o2; r++) {
          for (int c = 0; c < o2; c++) {
            int yi = ((n * out + o) * o2 + r) * o2 + c;
            double sum = b[o];
            double grad = g[yi];
            gb[o] += grad;
            for (int i = 0; i < in; i++) {
              for (int kr = 0; kr < kernel; kr++) {
                int rr = r * stride + kr * dilation - pad;
                if (rr < 0 || rr >= side) {
                  continue;
                }
                for (int kc = 0; kc < kernel; kc++) {
                  int cc = c * stride + kc * dilation - pad;
                  if (cc < 0 || cc >= side) {
                    continue;
                  }
                  int xi = ((n * in + i) * side + rr) * side + cc;
                  int wi = ((o * in + i) * kernel + kr) * kernel + kc;
                  sum += (double) x[xi] * w[wi];
                  gw[wi] += grad * x[xi];
                  gx[xi] += grad * w[wi];
                }
              }
            }
            y[yi] = sum;
          }
        }
      }
    }
    return new double[][] {y, gw, gx, gb};
  }

  @Override
  public String toString() {
    return String.format("conv %d -> %d, %dx%d stride %d pad %d%s, batch %d at %dx%d", in, out,
        kernel, kernel, stride, pad, dilation == 1 ? "" : " dilation " + dilation, batch, side,
        side);
  }
}
