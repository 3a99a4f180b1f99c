package dev.colorize.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.global.opencv_core;

/**
 * The run's worker threads for per-image work (decoding, scoring). Chunks are read and committed
 * by the step thread, as Spring Batch requires; the images inside a chunk are processed here in
 * parallel and handed back in their original order, so outputs stay deterministic.
 */
public final class Workers implements AutoCloseable {

  /** One item's work; may throw. */
  @FunctionalInterface
  public interface Task<I, O> {
    O apply(I item) throws Exception;
  }

  private final int threads;
  private final ExecutorService pool;

  /** @param threads worker count; 0 means one per available core */
  public Workers(int threads) {
    this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (this.threads > 1) {
      // Parallelism is one image per worker: OpenCV's own pool would only compete with it.
      opencv_core.setNumThreads(1);
    }
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(this.threads, r -> {
      Thread t = new Thread(r, "colorize-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public int threads() {
    return threads;
  }

  /** Applies {@code task} to every item in parallel; results in input order. */
  public <I, O> List<O> map(List<? extends I> items, Task<? super I, ? extends O> task)
      throws Exception {
    if (threads == 1 || items.size() <= 1) {
      List<O> out = new ArrayList<>(items.size());
      for (I item : items) {
        out.add(task.apply(item));
      }
      return out;
    }
    List<Future<O>> futures = new ArrayList<>(items.size());
    for (I item : items) {
      futures.add(pool.submit(() -> task.apply(item)));
    }
    List<O> out = new ArrayList<>(items.size());
    for (Future<O> future : futures) {
      try {
        out.add(future.get());
      } catch (ExecutionException e) {
        futures.forEach(f -> f.cancel(true));
        throw e.getCause() instanceof Exception ex ? ex : e;
      }
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
