package dev.colorize.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streaming read of one dataset: an iterator of samples that looks at the disk only as far as
 * needed to produce the next one. Applies, in this order, the split filter, the per-class limit and
 * the global limit, all before an image's annotation file is parsed; once the global limit is
 * reached no further folder is listed. Open one with {@link DatasetReaders#open}; close it (or the
 * stream from {@link #stream()}) when done. Not thread-safe.
 */
public abstract class DatasetReader implements Iterator<Sample>, AutoCloseable {

  /** One image found by a format, before split, limits and annotation parsing. */
  protected record Candidate(
      String id, Path path, String label, String category, Split explicitSplit, Object context) {}

  private final DatasetSpec spec;
  private final DatasetIssueListener listener;
  private final SplitAssigner splitAssigner;
  private final Map<String, Integer> perClassCounts = new HashMap<>();
  private Sample next;
  private boolean finished;
  private boolean closed;
  private long candidates;
  private long samples;
  private long issues;

  protected DatasetReader(DatasetSpec spec, DatasetIssueListener listener) {
    this.spec = spec;
    this.listener = listener;
    this.splitAssigner = new SplitAssigner(spec.fractions());
  }

  public DatasetSpec spec() {
    return spec;
  }

  /** The next image of the format's walk, or null at the end. */
  protected abstract Candidate nextCandidate() throws IOException;

  /**
   * Builds the sample of an admitted candidate (parses its annotation). Never null: problems with
   * the annotation are reported and the sample is returned with what could be read, so that
   * {@link #skip(long)} and a full read count the same samples.
   */
  protected abstract Sample complete(Candidate candidate, Split split) throws IOException;

  /** Folder counters for {@link #stats()}; formats that do not walk folders return zeros. */
  protected long directoriesListed() {
    return 0;
  }

  protected long entriesExamined() {
    return 0;
  }

  /** Releases the format's open files. */
  protected void closeFormat() throws IOException {}

  /** Sends an issue to the listener and counts it. */
  protected final void report(Path file, int line, String message) {
    issues++;
    listener.onIssue(new DatasetIssue(file, line, message));
  }

  @Override
  public final boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (finished || closed) {
      return false;
    }
    try {
      next = fetch();
    } catch (IOException e) {
      throw new UncheckedIOException("reading dataset '" + spec.name() + "'", e);
    }
    if (next == null) {
      finished = true;
    }
    return next != null;
  }

  @Override
  public final Sample next() {
    if (!hasNext()) {
      throw new NoSuchElementException("dataset '" + spec.name() + "' has no more samples");
    }
    Sample s = next;
    next = null;
    return s;
  }

  private Sample fetch() throws IOException {
    Admitted a = admitNext();
    return a == null ? null : complete(a.candidate, a.split);
  }

  private record Admitted(Candidate candidate, Split split) {}

  /** The next candidate that passes the split filter and the limits, counted as a sample. */
  private Admitted admitNext() throws IOException {
    while (spec.limit() == 0 || samples < spec.limit()) {
      Candidate c = nextCandidate();
      if (c == null) {
        return null;
      }
      candidates++;
      Split split =
          c.explicitSplit() != null ? c.explicitSplit() : splitAssigner.assign(c.id());
      if (!spec.splitFilter().accepts(split)) {
        continue;
      }
      String classKey = c.category() + '\u0000' + c.label();
      int inClass = perClassCounts.getOrDefault(classKey, 0);
      if (spec.perClassLimit() > 0 && inClass >= spec.perClassLimit()) {
        continue;
      }
      perClassCounts.put(classKey, inClass + 1);
      samples++;
      return new Admitted(c, split);
    }
    return null;
  }

  /**
   * Moves past up to {@code n} samples without building them: their annotation files are not
   * parsed (so problems in them are not reported). A restarted job uses this to resume after the
   * samples it already processed; the order is deterministic, so they are the same samples.
   *
   * @return how many samples were skipped (less than {@code n} at the end of the dataset)
   */
  public long skip(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot skip a negative number of samples: " + n);
    }
    long skipped = 0;
    if (next != null && n > 0) {
      next = null;
      skipped++;
    }
    try {
      while (skipped < n && !finished && !closed) {
        if (admitNext() == null) {
          finished = true;
        } else {
          skipped++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading dataset '" + spec.name() + "'", e);
    }
    return skipped;
  }

  /** The samples as a sequential, ordered stream that closes this reader when closed. */
  public Stream<Sample> stream() {
    Spliterator<Sample> split =
        Spliterators.spliteratorUnknownSize(
            this, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
    return StreamSupport.stream(split, false).onClose(this::close);
  }

  /** Counters so far. */
  public ReadStats stats() {
    return new ReadStats(directoriesListed(), entriesExamined(), candidates, samples, issues);
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    next = null;
    try {
      closeFormat();
    } catch (IOException e) {
      throw new UncheckedIOException("closing dataset '" + spec.name() + "'", e);
    }
  }
}
