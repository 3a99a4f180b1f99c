package dev.colorize.job.prepare;

import dev.colorize.dataset.Sample;
import dev.colorize.job.SkipBudget;
import dev.colorize.job.Workers;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * Prepares a chunk of samples on the worker threads, then writes the accepted ones to the
 * dataset's prepared list and the rejected ones to its skipped part, in read order. Both files
 * commit with the chunk.
 */
public final class PrepareWriter implements ItemStreamWriter<Sample> {

  private final PrepareProcessor processor;
  private final Workers workers;
  private final FlatFileItemWriter<List<?>> prepared;
  private final FlatFileItemWriter<List<?>> skipped;
  private final SkipBudget budget;

  public PrepareWriter(PrepareProcessor processor, Workers workers,
      FlatFileItemWriter<List<?>> prepared, FlatFileItemWriter<List<?>> skipped,
      SkipBudget budget) {
    this.processor = processor;
    this.workers = workers;
    this.prepared = prepared;
    this.skipped = skipped;
    this.budget = budget;
  }

  @Override
  public void write(Chunk<? extends Sample> chunk) throws Exception {
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

  @Override
  public void open(ExecutionContext context) {
    prepared.open(context);
    skipped.open(context);
    budget.restore(context, "prepare");
  }

  @Override
  public void update(ExecutionContext context) {
    prepared.update(context);
    skipped.update(context);
    budget.save(context, "prepare");
  }

  @Override
  public void close() {
    prepared.close();
    skipped.close();
  }
}
