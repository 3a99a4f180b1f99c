package dev.colorize.model.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Untrained, deterministic weights for a {@link TorchBlock}, from a seed and the key names alone
 * (each tensor from its own stream, so the order of reading does not matter): for examples and
 * tests that need a network in a published layout without downloading it.
 *
 * <ul>
 *   <li>convolution weights ({@code weight} of rank 3 or 4, {@code weight_orig}, a weight
 *       norm's {@code weight_v}): He normal, std {@code sqrt(2 / fan_in)}, as fastai's
 *       {@code init_default} and torchvision's ResNet initialise them; a weight norm's
 *       {@code weight_g}: {@code sqrt(2)}, about the norm of such a {@code weight_v} row;
 *   <li>batch norm: weight 1 (0 where {@code zeroGamma} says so: the last batch norm of each
 *       residual branch, as torchvision's {@code zero_init_residual}, so untrained residual
 *       stacks stay bounded), bias 0, running mean 0, running variance 1;
 *   <li>biases and self-attention {@code gamma}: 0;
 *   <li>spectral norm {@code weight_u}, {@code weight_v}: 30 power iterations on the
 *       {@code weight_orig} they belong to, so {@code dot(u, W v)} is its largest singular value.
 * </ul>
 */
public final class SeededWeights implements WeightSource {

  private static final int POWER_ITERATIONS = 30;

  private final long seed;
  private final Predicate<String> zeroGamma;
  private final Map<String, long[]> shapes = new HashMap<>();

  /**
   * @param layout the network's layout (a spectral norm's u and v need their weight's shape)
   * @param zeroGamma the batch-norm weights to start at zero
   */
  public SeededWeights(TorchLayout layout, long seed, Predicate<String> zeroGamma) {
    this.seed = seed;
    this.zeroGamma = zeroGamma;
    for (TorchLayout.Entry e : layout.entries()) {
      shapes.put(e.key(), e.shape());
    }
  }

  @Override
  public NDArray read(TorchLayout.Entry entry, NDManager manager) {
    String key = entry.key();
    Shape shape = new Shape(entry.shape());
    boolean vector = entry.shape().length == 1;
    if (vector && (key.endsWith(".weight_u") || key.endsWith(".weight_v"))) {
      return singularVector(key, manager);
    }
    if (key.endsWith(".running_var")) {
      return manager.ones(shape);
    }
    if (key.endsWith(".running_mean") || key.endsWith(".bias") || key.endsWith(".gamma")) {
      return manager.zeros(shape);
    }
    if (key.endsWith(".weight_g")) {
      return manager.full(shape, (float) Math.sqrt(2));
    }
    if (vector) { // a batch norm's weight
      return zeroGamma.test(key) ? manager.zeros(shape) : manager.ones(shape);
    }
    return manager.create(heNormal(key, entry.shape()), shape);
  }

  private float[] heNormal(String key, long[] shape) {
    long fanIn = 1;
    long numel = shape[0];
    for (int i = 1; i < shape.length; i++) {
      fanIn *= shape[i];
      numel *= shape[i];
    }
    float[] values = new float[Math.toIntExact(numel)];
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + key.hashCode());
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }

  /** u or v of the spectral norm whose {@code weight_orig} shares the key's prefix. */
  private NDArray singularVector(String key, NDManager manager) {
    String weightKey = key.substring(0, key.length() - "weight_u".length()) + "weight_orig";
    long[] weightShape = shapes.get(weightKey);
    if (weightShape == null) {
      throw new IllegalStateException("no " + weightKey + " for " + key);
    }
    long rows = weightShape[0];
    try (NDManager scratch = manager.newSubManager()) {
      float[] values = heNormal(weightKey, weightShape);
      NDArray w = scratch.create(values, new Shape(rows, values.length / rows));
      NDArray u = scratch.ones(new Shape(rows)).div(Math.sqrt(rows));
      NDArray v = null;
      for (int i = 0; i < POWER_ITERATIONS; i++) {
        v = w.transpose().matMul(u);
        v = v.div(v.norm().maximum(TorchOps.NORMALIZE_EPS));
        u = w.matMul(v);
        u = u.div(u.norm().maximum(TorchOps.NORMALIZE_EPS));
      }
      NDArray result = key.endsWith("weight_u") ? u : v;
      result.attach(manager);
      return result;
    }
  }
}
