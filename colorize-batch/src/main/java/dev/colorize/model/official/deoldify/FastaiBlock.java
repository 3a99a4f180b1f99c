package dev.colorize.model.official.deoldify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.colorize.model.official.TorchBlock;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.TorchOps;

/**
 * The fastai 1.x layers DeOldify's generator and critic share, as layout entries and forward
 * functions: spectral-norm convolutions ({@code torch.nn.utils.spectral_norm}, evaluated from
 * {@code weight_orig}, {@code weight_u}, {@code weight_v} as PyTorch does,
 * {@link TorchOps#spectralWeight}) and {@code SelfAttention}.
 */
abstract class FastaiBlock extends TorchBlock {

  FastaiBlock(TorchLayout layout) {
    super(layout);
  }

  /** A spectral-norm conv2d as {@code state_dict()} lists it: bias, weight_orig, u, v. */
  static void spectral(TorchLayout t, String p, int out, int in, int k, boolean bias) {
    if (bias) {
      t.weight(p + ".bias", out);
    }
    t.weight(p + ".weight_orig", out, in, k, k)
        .buffer(p + ".weight_u", out).buffer(p + ".weight_v", (long) in * k * k);
  }

  /**
   * fastai's {@code SelfAttention(channels)} as {@code state_dict()} lists it: {@code gamma},
   * then the spectral 1x1 Conv1d query and key (C/8) and value (C), without bias.
   */
  static void selfAttention(TorchLayout t, String p, int channels) {
    t.weight(p + ".gamma", 1);
    spectral1d(t, p + ".query", channels / 8, channels);
    spectral1d(t, p + ".key", channels / 8, channels);
    spectral1d(t, p + ".value", channels, channels);
  }

  private static void spectral1d(TorchLayout t, String p, int out, int in) {
    t.weight(p + ".weight_orig", out, in, 1).buffer(p + ".weight_u", out)
        .buffer(p + ".weight_v", in);
  }

  /** A spectral-norm conv2d at {@code prefix}, stride 1. */
  static NDArray spectralConv(Weights p, String prefix, NDArray x, int padding, boolean bias) {
    return spectralConv(p, prefix, x, 1, padding, bias);
  }

  /** A spectral-norm conv2d at {@code prefix}; one power iteration first in a training pass. */
  static NDArray spectralConv(Weights p, String prefix, NDArray x, int stride, int padding,
      boolean bias) {
    NDArray w = TorchOps.spectralWeight(p.get(prefix + ".weight_orig", x),
        p.get(prefix + ".weight_u", x), p.get(prefix + ".weight_v", x), p.training());
    return TorchOps.conv2d(x, w, bias ? p.get(prefix + ".bias", x) : null, stride, padding);
  }

  /**
   * fastai's {@code SelfAttention} at {@code prefix}: spectral 1x1 Conv1d query and key (C/8)
   * and value (C) without bias over the flattened positions;
   * {@code beta = softmax(f^T g, dim=1)}; {@code gamma * (h beta) + x}.
   */
  static NDArray selfAttention(Weights p, String prefix, NDArray x) {
    Shape s = x.getShape();
    NDArray flat = x.reshape(s.get(0), s.get(1), -1);
    NDArray f = conv1x1(p, prefix + ".query", flat);
    NDArray g = conv1x1(p, prefix + ".key", flat);
    NDArray h = conv1x1(p, prefix + ".value", flat);
    NDArray beta = f.transpose(0, 2, 1).matMul(g).softmax(1);
    NDArray out = h.matMul(beta).mul(p.get(prefix + ".gamma", x)).add(flat);
    return out.reshape(s);
  }

  private static NDArray conv1x1(Weights p, String prefix, NDArray flat) {
    NDArray w = TorchOps.spectralWeight(p.get(prefix + ".weight_orig", flat),
        p.get(prefix + ".weight_u", flat), p.get(prefix + ".weight_v", flat), p.training());
    Shape ws = w.getShape();
    return w.reshape(ws.get(0), ws.get(1)).matMul(flat);
  }
}
