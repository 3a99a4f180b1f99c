package dev.colorize.model.official;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import dev.colorize.model.builtin.PaddedConv2d;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code torch.nn} layers the published networks use, as functions of NDArrays with
 * PyTorch's semantics (eval and train mode) and PyTorch's argument names. Each says which
 * PyTorch function it reproduces; the reference tests compare whole networks with PyTorch.
 */
public final class TorchOps {

  /** {@code nn.BatchNorm2d}'s default eps. */
  public static final float BN_EPS = 1e-5f;
  /** {@code nn.BatchNorm2d}'s default momentum (PyTorch's convention: weight of the new value). */
  public static final float BN_MOMENTUM = 0.1f;
  /** {@code F.normalize}'s eps, as {@code torch.nn.utils.spectral_norm} uses it. */
  static final float NORMALIZE_EPS = 1e-12f;

  private TorchOps() {}

  /**
   * {@code F.conv2d(x, w, b, stride, padding)}: one group, no dilation; through
   * {@link PaddedConv2d#convolve} (oneDNN channel-block workaround).
   */
  public static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int padding) {
    return PaddedConv2d.convolve(x, w, b, new Shape(stride, stride), new Shape(padding, padding));
  }

  /** {@code F.conv2d(x, w, b, stride, padding, dilation)}, one group, as {@link #conv2d}. */
  public static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int padding,
      int dilation) {
    return PaddedConv2d.convolve(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
        new Shape(dilation, dilation));
  }

  /**
   * {@code F.conv_transpose2d(x, w, b, stride=2, padding=1)} with a 4x4 kernel (the only
   * transposed convolution the published networks use; DJL's PyTorch engine has none), weight
   * {@code [in, out, 4, 4]} as {@code nn.ConvTranspose2d} stores it. Computed as its four output
   * phases: output pixel {@code (2m + r, 2n + c)} sums input pixels {@code m + dy} (dy in
   * -1..1) with kernel row {@code 2(m - m') + r + 1}, so one 3x3 convolution to
   * {@code 4 x out} channels (the kernel gathered from {@code w} by a constant one-hot matrix,
   * which is exact and carries gradients) followed by a pixel shuffle gives the result. Channel
   * counts are multiples of 8 here, which oneDNN computes right (see {@link PaddedConv2d}).
   */
  public static NDArray convTranspose2d(NDArray x, NDArray w, NDArray b) {
    Shape ws = w.getShape();
    long in = ws.get(0);
    long out = ws.get(1);
    if (ws.get(2) != 4 || ws.get(3) != 4) {
      throw new IllegalArgumentException("only 4x4 transposed convolutions, not " + ws);
    }
    NDManager scratch = x.getManager();
    NDArray gather = constant(scratch, PHASE_TAPS, new Shape(16, 36));
    // [in * out, 16] x [16, 36] -> [in, out, r, c, ty, tx] -> [out, r, c, in, ty, tx]
    NDArray kernel = w.reshape(in * out, 16).matMul(gather).reshape(in, out, 2, 2, 3, 3)
        .transpose(1, 2, 3, 0, 4, 5).reshape(out * 4, in, 3, 3);
    NDArray bias = b == null ? null : b.reshape(out, 1).repeat(1, 4).reshape(out * 4);
    NDArray phases = conv2d(x, kernel, bias, 1, 1);
    return pixelShuffle(phases, 2);
  }

  /**
   * The one-hot {@code [16, 36]} map from a 4x4 transposed kernel's taps {@code (a, b)} to the
   * phase kernels' {@code (r, c, ty, tx)}: for output phase r, input offset {@code dy = ty - 1}
   * uses kernel row {@code a = r + 1 - 2 dy} when it lies in 0..3.
   */
  private static final float[] PHASE_TAPS = phaseTaps();

  private static float[] phaseTaps() {
    float[] m = new float[16 * 36];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        for (int ty = 0; ty < 3; ty++) {
          for (int tx = 0; tx < 3; tx++) {
            int a = r + 1 - 2 * (ty - 1);
            int bb = c + 1 - 2 * (tx - 1);
            if (a >= 0 && a < 4 && bb >= 0 && bb < 4) {
              m[(a * 4 + bb) * 36 + ((r * 2 + c) * 3 + ty) * 3 + tx] = 1f;
            }
          }
        }
      }
    }
    return m;
  }

  /** {@code F.leaky_relu(x, slope)}. */
  public static NDArray leakyRelu(NDArray x, float slope) {
    return Activation.leakyRelu(x, slope);
  }

  /** {@code torch.tanh}. */
  public static NDArray tanh(NDArray x) {
    return Activation.tanh(x);
  }

  /**
   * {@code F.interpolate(x, size=(h, w), mode='bilinear', align_corners=False)} on
   * {@code [N, C, H, W]}; the identity when the size is already {@code (h, w)}, as in PyTorch.
   * (DJL's own bilinear interpolation antialiases, unlike {@code F.interpolate}.) Computed as
   * PyTorch's CPU kernel weighs the pixels, in float: source {@code max(0, (d + 0.5) * in / out -
   * 0.5)}, its floor and the next pixel (the last one repeated), as two matrix products, which
   * carry gradients.
   */
  public static NDArray interpolateBilinear(NDArray x, long h, long w) {
    Shape s = x.getShape();
    if (s.get(2) == h && s.get(3) == w) {
      return x;
    }
    NDManager scratch = x.getManager();
    NDArray rows = constant(scratch, linearWeights(s.get(2), h, false), new Shape(h, s.get(2)));
    NDArray columns = constant(scratch, linearWeights(s.get(3), w, true),
        new Shape(s.get(3), w));
    return rows.matMul(x).matMul(columns);
  }

  /** The {@code [out, in]} (or transposed) weights of PyTorch's linear interpolation. */
  private static float[] linearWeights(long in, long out, boolean transposed) {
    float[] m = new float[(int) (in * out)];
    float scale = (float) in / out;
    for (int d = 0; d < out; d++) {
      float src = Math.max(0f, scale * (d + 0.5f) - 0.5f);
      int i0 = (int) src;
      int i1 = i0 < in - 1 ? i0 + 1 : i0;
      float l1 = Math.min(Math.max(src - i0, 0f), 1f);
      float l0 = 1f - l1;
      m[transposed ? i0 * (int) out + d : d * (int) in + i0] += l0;
      m[transposed ? i1 * (int) out + d : d * (int) in + i1] += l1;
    }
    return m;
  }

  /**
   * {@code F.pad(x, (left, right, top, bottom), "constant", 0)} on the last two axes of
   * {@code [N, C, H, W]}.
   */
  public static NDArray pad(NDArray x, long left, long right, long top, long bottom) {
    return x.pad(new Shape(left, right, top, bottom), 0);
  }

  /**
   * {@code nn.BatchNorm2d} in eval mode: {@code (x - mean) / sqrt(var + eps) * gamma + beta},
   * with PyTorch's own kernel ({@code torch.batch_norm}, one pass over x, where a multiply and an
   * add make two and an intermediate tensor).
   */
  public static NDArray batchNormEval(NDArray x, NDArray gamma, NDArray beta, NDArray mean,
      NDArray var) {
    return batchNormEval(x, gamma, beta, mean, var, BN_EPS);
  }

  /** {@link #batchNormEval} with another epsilon. */
  public static NDArray batchNormEval(NDArray x, NDArray gamma, NDArray beta, NDArray mean,
      NDArray var, float eps) {
    return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean, (PtNDArray) var,
        (PtNDArray) gamma, (PtNDArray) beta, false, BN_MOMENTUM, eps);
  }

  /**
   * {@code nn.BatchNorm2d} in train mode: normalises with the batch's mean and biased variance,
   * and moves the running statistics in place by {@link #BN_MOMENTUM} (the running variance with
   * the unbiased batch variance), as PyTorch does (with its kernel).
   */
  public static NDArray batchNormTrain(NDArray x, NDArray gamma, NDArray beta, NDArray mean,
      NDArray var) {
    return batchNormTrain(x, gamma, beta, mean, var, BatchNormStyle.PYTORCH);
  }

  /**
   * {@link #batchNormTrain} in a framework's {@link BatchNormStyle}, the output always from
   * PyTorch's kernel; Keras's stored statistics (which that kernel cannot make) are moved apart.
   */
  public static NDArray batchNormTrain(NDArray x, NDArray gamma, NDArray beta, NDArray mean,
      NDArray var, BatchNormStyle style) {
    if (style == BatchNormStyle.PYTORCH) {
      // PyTorch's own kernel (torch.batch_norm): one fused pass forward and backward, where the
      // same formula composed of array operations records ten autograd nodes per layer (3x
      // slower in a DeOldify step)
      return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean, (PtNDArray) var,
          (PtNDArray) gamma, (PtNDArray) beta, true, BN_MOMENTUM, BN_EPS);
    }
    // Keras normalises as PyTorch does (biased batch variance, its own epsilon), so PyTorch's
    // kernel computes the output and its gradient, on scratch running statistics; only the
    // stored statistics move Keras's way, outside autograd.
    NDArray y;
    try (NDArray scratchMean = mean.duplicate(); NDArray scratchVar = var.duplicate()) {
      y = JniUtils.batchNorm((PtNDArray) x, (PtNDArray) scratchMean, (PtNDArray) scratchVar,
          (PtNDArray) gamma, (PtNDArray) beta, true, BN_MOMENTUM, style.eps);
    }
    long c = gamma.getShape().get(0);
    int[] axes = {0, 2, 3};
    long count = x.size() / c;
    try (NDArray plain = x.stopGradient();
        // sum / count: DJL's PyTorch mean takes one axis only
        NDArray batchMean = plain.sum(axes, true).div(scalar(x, count));
        NDArray centred = plain.sub(batchMean);
        NDArray m = batchMean.reshape(c);
        NDArray v = centred.square().sum(axes).div(scalar(x, count))
            .mul(count / Math.max(1, count - (double) style.denominatorOffset))) {
      mean.muli(1 - style.newWeight).addi(m.mul(style.newWeight));
      var.muli(1 - style.newWeight).addi(v.mul(style.newWeight));
    }
    return y;
  }

  /** Batch norm in the pass's mode. */
  public static NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray mean,
      NDArray var, boolean training) {
    return batchNorm(x, gamma, beta, mean, var, training, BatchNormStyle.PYTORCH);
  }

  /**
   * How a framework's batch norm normalises and moves its running statistics: epsilon, the
   * weight of the batch's statistics in the running ones, and the denominator offset of the
   * batch variance stored (the normalisation itself always uses the biased variance).
   */
  public enum BatchNormStyle {
    /** {@code nn.BatchNorm2d}: eps 1e-5, momentum 0.1, running variance unbiased (n - 1). */
    PYTORCH(BN_EPS, BN_MOMENTUM, 1f),
    /**
     * Keras 2.2's {@code BatchNormalization} (TensorFlow backend): epsilon 1e-3, momentum 0.99
     * (new weight 0.01), the stored variance {@code var * n / (n - (1 + epsilon))}
     * ({@code keras/layers/normalization.py}).
     */
    KERAS(1e-3f, 0.01f, 1f + 1e-3f);

    final float eps;
    final float newWeight;
    final float denominatorOffset;

    BatchNormStyle(float eps, float newWeight, float denominatorOffset) {
      this.eps = eps;
      this.newWeight = newWeight;
      this.denominatorOffset = denominatorOffset;
    }
  }

  /** Batch norm in the pass's mode and a framework's {@link BatchNormStyle}. */
  public static NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray mean,
      NDArray var, boolean training, BatchNormStyle style) {
    return training ? batchNormTrain(x, gamma, beta, mean, var, style)
        : batchNormEval(x, gamma, beta, mean, var, style.eps);
  }

  /**
   * The weight {@code torch.nn.utils.spectral_norm} computes from {@code weight_orig}, {@code u}
   * and {@code v}: {@code weight_orig / dot(u, W v)}, W = weight_orig as {@code [out, -1]}. In
   * eval mode u and v are used as stored; in train mode one power iteration first updates them in
   * place ({@code v = normalize(W^T u)}, {@code u = normalize(W v)}, without gradient), as
   * PyTorch's {@code _SpectralNorm.compute_weight} does.
   */
  public static NDArray spectralWeight(NDArray weightOrig, NDArray u, NDArray v,
      boolean training) {
    NDArray matrix = weightOrig.reshape(weightOrig.getShape().get(0), -1);
    if (training) {
      try (NDArray plain = matrix.stopGradient();
          NDArray nextV = normalize(plain.transpose().matMul(u));
          NDArray nextU = normalize(plain.matMul(nextV))) {
        v.set(new NDIndex(":"), nextV);
        u.set(new NDIndex(":"), nextU);
      }
      // copies, as PyTorch's spectral_norm takes them: a later training pass (a critic scores
      // real, then generated images) updates u and v in place while this pass's backward still
      // needs the values it used
      u = u.duplicate();
      v = v.duplicate();
    }
    NDArray sigma = u.stopGradient().dot(matrix.matMul(v.stopGradient()));
    return weightOrig.div(sigma);
  }

  private static NDArray normalize(NDArray x) {
    return x.div(x.norm().maximum(NORMALIZE_EPS));
  }

  /**
   * The weight {@code torch.nn.utils.weight_norm} (dim 0) computes: {@code g * v / ||v||}, the
   * norm over every axis but the first.
   */
  public static NDArray weightNormWeight(NDArray g, NDArray v) {
    Shape shape = v.getShape();
    int[] axes = new int[shape.dimension() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    NDArray norm = v.square().sum(axes, true).sqrt();
    return v.mul(g.div(norm));
  }

  /** {@code F.relu}. */
  public static NDArray relu(NDArray x) {
    return Activation.relu(x);
  }

  /** {@code nn.MaxPool2d(kernel, stride, padding)}. */
  public static NDArray maxPool(NDArray x, int kernel, int stride, int padding) {
    return Pool.maxPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride),
        new Shape(padding, padding), false);
  }

  /**
   * {@code nn.PixelShuffle(r)}: {@code [N, C r^2, H, W] -> [N, C, H r, W r]},
   * {@code out[n, c, h r + i, w r + j] = in[n, c r^2 + i r + j, h, w]}.
   */
  public static NDArray pixelShuffle(NDArray x, int r) {
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1) / ((long) r * r);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(n, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * r, w * r);
  }

  /**
   * fastai's blur after a pixel shuffle: {@code nn.ReplicationPad2d((1, 0, 1, 0))} (one
   * replicated row on top, one replicated column on the left) then
   * {@code nn.AvgPool2d(2, stride=1)}; the size is kept.
   */
  public static NDArray blur(NDArray x) {
    // The same values without building the padded tensor (whose two slices and concatenations
    // each cost a full-size zero tensor in backward): a 2x2 window at stride 1 over x zero-padded
    // by one on every side, cut to the first H x W outputs, is the replicated average inside;
    // on the top row and left column the window holds each edge pixel once instead of twice,
    // so those outputs are doubled (the corner's quadrupled), which is exact in floating point.
    // (DJL's avgPool2d ignores count_include_pad, which would otherwise do it.)
    Shape s = x.getShape();
    long h = s.get(2);
    long w = s.get(3);
    NDArray pooled = Pool.avgPool2d(x, new Shape(2, 2), new Shape(1, 1), new Shape(1, 1), false,
        true).get(new NDIndex(":, :, :{}, :{}", h, w));
    float[] edges = new float[Math.toIntExact(h * w)];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        edges[Math.toIntExact(i * w + j)] = (i == 0 ? 2f : 1f) * (j == 0 ? 2f : 1f);
      }
    }
    return pooled.mul(constant(x.getManager(), edges, new Shape(1, 1, h, w)));
  }

  /**
   * {@code F.interpolate(x, size=(h, w), mode='nearest')}: output pixel {@code d} takes input
   * pixel {@code min(floor(d * (in / out)), in - 1)} on each axis (the scale a float, as PyTorch
   * computes it), as two one-hot matrix products, which are exact and carry gradients.
   */
  public static NDArray interpolateNearest(NDArray x, long h, long w) {
    Shape s = x.getShape();
    if (s.get(2) == h && s.get(3) == w) {
      return x;
    }
    NDManager scratch = x.getManager();
    NDArray rows = selection(scratch, s.get(2), h, false);
    NDArray columns = selection(scratch, s.get(3), w, true);
    return rows.matMul(x).matMul(columns);
  }

  /** A one-hot {@code [out, in]} matrix (or its transpose) choosing PyTorch's nearest source. */
  private static NDArray selection(NDManager manager, long in, long out, boolean transposed) {
    float[] m = new float[(int) (in * out)];
    float scale = (float) in / out;
    for (int d = 0; d < out; d++) {
      int src = (int) Math.min((long) Math.floor(d * scale), in - 1);
      if (transposed) {
        m[src * (int) out + d] = 1f;
      } else {
        m[d * (int) in + src] = 1f;
      }
    }
    Shape shape = transposed ? new Shape(in, out) : new Shape(out, in);
    return constant(manager, m, shape);
  }

  /**
   * A constant tensor that owns its memory: the values go through a direct buffer kept
   * reachable until PyTorch has copied them ({@code NDManager.create(float[])} wraps a buffer
   * nothing keeps alive, which the garbage collector may free while a pass still reads it; see
   * {@code TrainingLoop.tensor}).
   */
  public static NDArray constant(NDManager manager, float[] values, Shape shape) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES)
        .order(ByteOrder.nativeOrder());
    buffer.asFloatBuffer().put(values);
    try (NDArray view = manager.create(buffer, shape, DataType.FLOAT32)) {
      return view.duplicate();
    } finally {
      Reference.reachabilityFence(buffer);
    }
  }

  /** fastai's {@code SigmoidRange(low, high)}: {@code sigmoid(x) * (high - low) + low}. */
  public static NDArray sigmoidRange(NDArray x, float low, float high) {
    return Activation.sigmoid(x).mul(scalar(x, high - low)).add(scalar(x, low));
  }

  /**
   * A 0-d float32 tensor in {@code like}'s manager. Used instead of a Java number operand in
   * anything a gradient flows through: DJL passes a number as a tensor over a Java buffer that
   * autograd would keep after the call (see TorchScriptTrainable).
   */
  public static NDArray scalar(NDArray like, float value) {
    return like.getManager().full(new Shape(), value);
  }
}
