package dev.colorize.job.prepare;

import dev.colorize.dataset.Sample;
import dev.colorize.job.SkipBudget;
import dev.colorize.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * Prepares a chunk of samples on the worker threads, then writes the accepted ones to the
 * dataset's prepared list and the rejected ones to its skipped part, in read order; with
 * {@link #withIssues}, also the reader's issues met since the last chunk. The files commit with
 * the chunk.
 */
public final class PrepareWriter implements ItemStreamWriter<Sample> {

  private final PrepareProcessor processor;
  private final Workers workers;
  private final FlatFileItemWriter<List<?>> prepared;
  private final FlatFileItemWriter<List<?>> skipped;
  private final SkipBudget budget;
  private DatasetIssueRows issueRows;
  private FlatFileItemWriter<List<?>> issues;

  public PrepareWriter(PrepareProcessor processor, Workers workers,
      FlatFileItemWriter<List<?>> prepared, FlatFileItemWriter<List<?>> skipped,
      SkipBudget budget) {
    this.processor = processor;
    this.workers = workers;
    this.prepared = prepared;
    this.skipped = skipped;
    this.budget = budget;
  }

  /**
   * Also writes the reader's issues (collected by {@code rows}) to {@code part}.
   *
   * @return this writer
   */
  public PrepareWriter withIssues(DatasetIssueRows rows, FlatFileItemWriter<List<?>> part) {
    this.issueRows = rows;
    this.issues = part;
    return this;
  }

  @Override
  public void write(Chunk<? extends Sample> chunk) throws Exception {
    writeIssues();
    List<PreparedSample> results = workers.map(chunk.getItems(), processor::process);
    List<List<?>> acceptedRows = new ArrayList<>();
    List<List<?>> skippedRows = new ArrayList<>();
    for (PreparedSample result : results) {
      if (result.accepted()) {
        acceptedRows.add(result.partRow());
      } else {
        skippedRows.add(result.skippedRow());
      }
    }
    prepared.write(new Chunk<>(acceptedRows));
    skipped.write(new Chunk<>(skippedRows));
    budget.record(results.size(), skippedRows.size());
  }

  /** The issues met so far, into the current chunk's transaction. */
  private void writeIssues() throws Exception {
    if (issues != null) {
      issues.write(new Chunk<>(issueRows.drain()));
    }
  }

  @Override
  public void open(ExecutionContext context) {
    prepared.open(context);
    skipped.open(context);
    if (issues != null) {
      issues.open(context);
    }
    budget.restore(context, "prepare");
  }

  @Override
  public void update(ExecutionContext context) {
    prepared.update(context);
    skipped.update(context);
    if (issues != null) {
      try {
        // The last read (which found the end) may have met issues after the last sample.
        writeIssues();
      } catch (Exception e) {
        throw new org.springframework.batch.infrastructure.item.ItemStreamException(
            "cannot write the dataset's issues: " + e.getMessage(), e);
      }
      issues.update(context);
    }
    budget.save(context, "prepare");
  }

  @Override
  public void close() {
    prepared.close();
    skipped.close();
    if (issues != null) {
      issues.close();
    }
  }
}
