package dev.colorize.job;

import dev.colorize.dataset.DatasetReader;
import java.util.Iterator;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads a deterministic sequence and resumes after a restart by replaying it up to the last
 * committed position. Suits colorize's sources: dataset readers stream in a stable order and
 * skipping a sample costs a directory entry, not a decode.
 *
 * @param <T> item type
 */
public final class ReplayingItemReader<T> extends AbstractItemCountingItemStreamItemReader<T> {

  private final Supplier<? extends Iterator<? extends T>> source;
  private Iterator<? extends T> iterator;
  private IntConsumer opened = replayed -> { };

  /**
   * @param name   unique within the step; keys the saved position in the execution context
   * @param source opens the sequence from its start; must give the same order each time
   */
  public ReplayingItemReader(String name, Supplier<? extends Iterator<? extends T>> source) {
    this.source = source;
    setName(name);
  }

  /**
   * Calls {@code listener} after each open with the number of items replayed to reach the restart
   * position (0 on a first start), e.g. to drop what the replay reported a second time.
   *
   * @return this reader
   */
  public ReplayingItemReader<T> onOpened(IntConsumer listener) {
    this.opened = listener;
    return this;
  }

  @Override
  public void open(ExecutionContext context) {
    super.open(context);
    opened.accept(getCurrentItemCount());
  }

  @Override
  protected void doOpen() {
    iterator = source.get();
  }

  @Override
  protected T doRead() {
    return iterator != null && iterator.hasNext() ? iterator.next() : null;
  }

  /** Skips to the restart position; dataset readers skip without parsing annotations. */
  @Override
  protected void jumpToItem(int itemIndex) throws Exception {
    if (iterator instanceof DatasetReader reader) {
      reader.skip(itemIndex);
    } else {
      super.jumpToItem(itemIndex);
    }
  }

  @Override
  protected void doClose() throws Exception {
    if (iterator instanceof AutoCloseable closeable) {
      closeable.close();
    }
    iterator = null;
  }
}
