package dev.colorize.model;

import dev.colorize.image.LabImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batches through a {@link Colorizer} and survives running out of memory: a batch that fails
 * with an out-of-memory error (Java {@link OutOfMemoryError}, or an engine error whose message says
 * out of memory, e.g. CUDA's) is halved and both halves retried, down to single images. An image
 * that fails alone gets a failure with the engine's message instead of a prediction, so the job
 * records it and goes on; it is never scored.
 *
 * <p>After an out-of-memory error at size n, later batches are cut to n/2 up front, so a model
 * that does not fit its configured batch size pays for the failure once, not once per batch.
 * Other failures are not retried: every image of the failing (sub-)batch gets the message.
 *
 * <p>Not thread-safe; use one per colorizer and thread, as colorizers are.
 */
public final class AdaptiveBatches {

  private static final Logger LOG = LoggerFactory.getLogger(AdaptiveBatches.class);

  /** Fragments of out-of-memory messages from the JVM, libtorch/CUDA, cuDNN and ONNX Runtime. */
  private static final List<String> OOM_MESSAGES = List.of("out of memory", "outofmemory",
      "failed to allocate memory", "cudnn_status_alloc_failed", "cublas_status_alloc_failed",
      "cuda_error_out_of_memory");

  /**
   * What became of one image: a prediction, or the reason there is none.
   *
   * @param image   the colorized image, null on failure
   * @param failure why there is no image, null on success
   */
  public record Outcome(LabImage image, String failure) {

    /** Whether the image was colorized. */
    public boolean succeeded() {
      return image != null;
    }
  }

  private final Colorizer colorizer;
  private int limit;
  private int halvings;

  /** Batches of at most {@code colorizer.preferredBatchSize()} images. */
  public AdaptiveBatches(Colorizer colorizer) {
    this(colorizer, colorizer.preferredBatchSize());
  }

  /** Batches of at most {@code maxBatchSize} images (cut further on out-of-memory errors). */
  public AdaptiveBatches(Colorizer colorizer, int maxBatchSize) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + maxBatchSize);
    }
    this.colorizer = colorizer;
    this.limit = maxBatchSize;
  }

  /** The largest sub-batch the next call sends to the colorizer. */
  public int limit() {
    return limit;
  }

  /** How many times a batch was halved after an out-of-memory error, over this object's life. */
  public int halvings() {
    return halvings;
  }

  /**
   * Colorizes a batch of any size, one outcome per input in input order. Never throws for a model
   * failure: failures are outcomes.
   */
  public List<Outcome> colorize(List<ColorizationInput> batch) {
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    for (int from = 0; from < batch.size(); ) {
      int to = Math.min(batch.size(), from + limit);
      outcomes.addAll(run(batch.subList(from, to)));
      from = to;
    }
    return outcomes;
  }

  private List<Outcome> run(List<ColorizationInput> part) {
    Throwable failure;
    try {
      List<LabImage> images = colorizer.colorize(part);
      if (images == null || images.size() != part.size()) {
        return failAll(part, "the model returned " + (images == null ? "no list" : images.size()
            + " images") + " for " + part.size() + " inputs");
      }
      List<Outcome> outcomes = new ArrayList<>(part.size());
      for (LabImage image : images) {
        outcomes.add(new Outcome(image, null));
      }
      return outcomes;
    } catch (ColorizationException | RuntimeException | OutOfMemoryError e) {
      failure = e;
    }
    Throwable oom = outOfMemoryCause(failure);
    if (oom == null) {
      return failAll(part, describe(failure));
    }
    String message = describe(oom);
    if (part.size() == 1) {
      LOG.warn("out of memory on a single image, giving up on it: {}", message);
      return failAll(part, "out of memory even for a single image: " + message);
    }
    int half = part.size() / 2;
    halvings++;
    limit = Math.min(limit, Math.max(1, half));
    LOG.warn("out of memory on a batch of {}, retrying in halves (batch size now {}): {}",
        part.size(), limit, message);
    List<Outcome> outcomes = new ArrayList<>(run(part.subList(0, half)));
    outcomes.addAll(run(part.subList(half, part.size())));
    return outcomes;
  }

  private static List<Outcome> failAll(List<ColorizationInput> part, String message) {
    List<Outcome> outcomes = new ArrayList<>(part.size());
    for (int i = 0; i < part.size(); i++) {
      outcomes.add(new Outcome(null, message));
    }
    return outcomes;
  }

  /**
   * Whether a failure, or any of its causes, is an out-of-memory error: a Java
   * {@link OutOfMemoryError}, or a message naming one (libtorch "CUDA out of memory", ONNX Runtime
   * "Failed to allocate memory", cuDNN/cuBLAS allocation failures).
   */
  public static boolean isOutOfMemory(Throwable failure) {
    return outOfMemoryCause(failure) != null;
  }

  /** The failure or cause that says out of memory, or null. */
  private static Throwable outOfMemoryCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return t;
      }
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (String fragment : OOM_MESSAGES) {
          if (lower.contains(fragment)) {
            return t;
          }
        }
      }
    }
    return null;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String text = failure instanceof ColorizationException || message == null
        ? (message == null ? failure.getClass().getSimpleName() : message)
        : failure.getClass().getSimpleName() + ": " + message;
    // Native messages carry multi-line stack traces; the first line says what happened.
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }
}
