package dev.colorize.model.official;

import dev.colorize.model.official.pth.TorchTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The state-dict keys and shapes a published network has, in the order PyTorch's
 * {@code state_dict()} lists them, each marked as a trained weight or a buffer (batch-norm
 * running statistics, spectral-norm power-iteration vectors). {@code num_batches_tracked}
 * counters are not listed: they do not change a forward pass, files with or without them are
 * accepted, and {@link #isIgnored} names them.
 */
public final class TorchLayout {

  /** A tensor the network reads: its key, shape, and whether training updates it by gradient. */
  public record Entry(String key, long[] shape, boolean trainable) {
    public Entry {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** Elements of the tensor. */
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Adds a trained tensor. */
  public TorchLayout weight(String key, long... shape) {
    return add(new Entry(key, shape, true));
  }

  /** Adds a buffer: read and written like a weight, never given a gradient. */
  public TorchLayout buffer(String key, long... shape) {
    return add(new Entry(key, shape, false));
  }

  /** Adds an {@code nn.BatchNorm2d}: weight, bias, running mean and variance. */
  public TorchLayout batchNorm(String prefix, long channels) {
    return weight(prefix + ".weight", channels).weight(prefix + ".bias", channels)
        .buffer(prefix + ".running_mean", channels).buffer(prefix + ".running_var", channels);
  }

  /** Adds an {@code nn.Conv2d} with bias ({@code [out, in, k, k]} weight, then bias). */
  public TorchLayout conv(String prefix, long out, long in, long kernel) {
    return weight(prefix + ".weight", out, in, kernel, kernel).weight(prefix + ".bias", out);
  }

  private TorchLayout add(Entry entry) {
    if (entries.putIfAbsent(entry.key(), entry) != null) {
      throw new IllegalStateException("key " + entry.key() + " declared twice");
    }
    return this;
  }

  /**
   * This layout with only the trained tensors {@code trained} accepts still trained (the others
   * become buffers: read, checkpointed and written, never given a gradient).
   */
  public TorchLayout trainingOnly(Predicate<String> trained) {
    TorchLayout t = new TorchLayout();
    for (Entry e : entries.values()) {
      t.add(new Entry(e.key(), e.shape(), e.trainable() && trained.test(e.key())));
    }
    return t;
  }

  /** The entries in state-dict order. */
  public List<Entry> entries() {
    return Collections.unmodifiableList(new ArrayList<>(entries.values()));
  }

  /** Values over all entries. */
  public long numel() {
    return entries.values().stream().mapToLong(Entry::numel).sum();
  }

  /** Keys a file may hold that the network does not read. */
  public static boolean isIgnored(String key) {
    return key.endsWith("num_batches_tracked");
  }

  /**
   * How a state dict fits this layout: empty when every entry is present with its shape and the
   * dict holds nothing else (ignored keys aside), else the first difference in one phrase.
   */
  public Optional<String> mismatch(Map<String, TorchTensor> tensors) {
    for (Entry e : entries.values()) {
      TorchTensor t = tensors.get(e.key());
      if (t == null) {
        return Optional.of("has no key '" + e.key() + "' (expected shape "
            + Arrays.toString(e.shape()) + ")");
      }
      if (!Arrays.equals(t.shape(), e.shape())) {
        return Optional.of("has '" + e.key() + "' of shape " + t.shapeText() + " where "
            + Arrays.toString(e.shape()) + " was expected");
      }
    }
    for (String key : tensors.keySet()) {
      if (!entries.containsKey(key) && !isIgnored(key)) {
        return Optional.of("has an unexpected key '" + key + "' of shape "
            + tensors.get(key).shapeText());
      }
    }
    return Optional.empty();
  }

  /** How many entries the dict holds with the right shape (to name the nearest layout). */
  public int matching(Map<String, TorchTensor> tensors) {
    int n = 0;
    for (Entry e : entries.values()) {
      TorchTensor t = tensors.get(e.key());
      if (t != null && Arrays.equals(t.shape(), e.shape())) {
        n++;
      }
    }
    return n;
  }
}
