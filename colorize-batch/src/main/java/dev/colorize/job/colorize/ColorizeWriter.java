package dev.colorize.job.colorize;

import dev.colorize.config.ModelConfig;
import dev.colorize.dataset.CropAs;
import dev.colorize.dataset.Sample;
import dev.colorize.image.Box;
import dev.colorize.image.ImageHeader;
import dev.colorize.image.ImageProbe;
import dev.colorize.image.ImageRejectedException;
import dev.colorize.image.LabImage;
import dev.colorize.job.SkipBudget;
import dev.colorize.parallel.Workers;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.model.AdaptiveBatches;
import dev.colorize.model.ColorizationException;
import dev.colorize.report.RunReport;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.convention.ChromaCheck;
import dev.colorize.report.ReportColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * Colorizes a chunk of photos with one model at their full resolution, in the model's batch
 * size: the worker threads decode the batch and make the model inputs, the model runs on the step
 * thread (through {@link AdaptiveBatches}: an out-of-memory error halves the batch and retries,
 * down to single photos), the workers join the chroma and write the files. Written photos go to the
 * {@code colorized} part and failures to the {@code skipped} part, both committed with the chunk.
 *
 * <p>A prediction without chroma ({@link ChromaCheck}: a model failure such as DeOldify's silent
 * gray output on a GPU memory error) is still written, and flagged {@code no_chroma = 1}.
 *
 * <p>Only one batch's full-resolution L planes (4 bytes per pixel) are held at a time. The model
 * is loaded when the step opens and released when it closes.
 */
public final class ColorizeWriter implements ItemStreamWriter<Sample> {

  /** Columns of the colorized part and of {@code colorized.csv}. */
  public static final List<String> COLUMNS = List.of("dataset", "model", "sample_id", "source",
      "output", "width", "height", ReportColumns.NO_CHROMA, "written_at");

  private final ColorizeRun run;
  private final ColorizerEngine engine;
  private final Workers workers;
  private final FlatFileItemWriter<List<?>> colorized;
  private final FlatFileItemWriter<List<?>> skipped;
  private final SkipBudget budget;
  private Colorizer colorizer;
  private AdaptiveBatches batches;

  public ColorizeWriter(ColorizeRun run, ColorizerEngine engine, Workers workers,
      FlatFileItemWriter<List<?>> colorized, FlatFileItemWriter<List<?>> skipped,
      SkipBudget budget) {
    this.run = run;
    this.engine = engine;
    this.workers = workers;
    this.colorized = colorized;
    this.skipped = skipped;
    this.budget = budget;
  }

  /** A photo's decoded lightness, or why it has none. */
  private record Loaded(Sample sample, FullResolution.Lightness lightness, List<String> skip) {}

  /** A photo's written row, or its skipped row. */
  private record Outcome(List<String> written, List<String> skipped) {}

  @Override
  public void write(Chunk<? extends Sample> chunk) throws Exception {
    List<List<?>> writtenRows = new ArrayList<>();
    List<List<?>> skippedRows = new ArrayList<>();
    List<? extends Sample> items = chunk.getItems();
    int batchSize = Math.max(1, run.model().batchSize);
    for (int from = 0; from < items.size(); from += batchSize) {
      List<? extends Sample> batch = items.subList(from, Math.min(items.size(), from + batchSize));
      List<Loaded> loaded = workers.map(batch, this::load);
      try {
        colorizeBatch(loaded, writtenRows, skippedRows);
      } finally {
        for (Loaded l : loaded) {
          if (l.lightness != null) {
            l.lightness.close();
          }
        }
      }
    }
    colorized.write(new Chunk<>(writtenRows));
    skipped.write(new Chunk<>(skippedRows));
    budget.record(items.size(), skippedRows.size());
  }

  private void colorizeBatch(List<Loaded> loaded, List<List<?>> writtenRows,
      List<List<?>> skippedRows) throws Exception {
    List<Loaded> usable = new ArrayList<>();
    for (Loaded l : loaded) {
      if (l.skip != null) {
        skippedRows.add(l.skip);
      } else {
        usable.add(l);
      }
    }
    if (usable.isEmpty()) {
      return;
    }
    ModelConfig model = run.model();
    List<ColorizationInput> inputs = usable.stream().map(l -> l.lightness.input()).toList();
    List<AdaptiveBatches.Outcome> predictions = batches.colorize(inputs);
    List<Loaded> colorized = new ArrayList<>();
    List<LabImage> images = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      AdaptiveBatches.Outcome outcome = predictions.get(i);
      if (outcome.succeeded()) {
        colorized.add(usable.get(i));
        images.add(outcome.image());
      } else {
        skippedRows.add(skippedRow(usable.get(i).sample, "colorize:" + model.name,
            "MODEL_FAILED: " + outcome.failure()));
      }
    }
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < colorized.size(); i++) {
      indexes.add(i);
    }
    List<Outcome> outcomes = workers.map(indexes,
        i -> renderAndWrite(colorized.get(i), images.get(i)));
    for (Outcome outcome : outcomes) {
      if (outcome.written != null) {
        writtenRows.add(outcome.written);
      } else {
        skippedRows.add(outcome.skipped);
      }
    }
  }

  /** Reads and decodes one photo; rejections become skipped rows. */
  private Loaded load(Sample sample) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(sample.path());
    } catch (IOException e) {
      return new Loaded(sample, null, skippedRow(sample, "decode",
          "UNREADABLE: cannot read the file: " + e.getMessage()));
    }
    try {
      return new Loaded(sample, FullResolution.lightness(bytes, sample.path().toString(),
          run.imageSize(), run.maxPixels(), instances(sample, bytes)), null);
    } catch (ImageRejectedException e) {
      return new Loaded(sample, null, skippedRow(sample, "decode",
          e.reason().name() + ": " + e.detail()));
    } catch (OutOfMemoryError e) {
      return new Loaded(sample, null, skippedRow(sample, "decode",
          "OUT_OF_MEMORY: not enough memory to decode it at full resolution; raise -Xmx or"
              + " lower <maxPixels>"));
    } catch (RuntimeException e) {
      // An OpenCV or decoder fault on one odd file must not end the run.
      return new Loaded(sample, null, skippedRow(sample, "decode", "DECODE_FAILED: " + e));
    }
  }

  /** The sample's instance boxes, and its food crop box with {@code <cropAs>instance}. */
  private List<Box> instances(Sample sample, byte[] bytes) {
    if (sample.crop() == null || run.cropAs() != CropAs.INSTANCE) {
      return sample.instances();
    }
    ImageHeader header = ImageProbe.probe(bytes, sample.path().toString());
    Box crop = sample.crop().resolve(header.orientedWidth(), header.orientedHeight());
    List<Box> boxes = new ArrayList<>(sample.instances());
    if (crop != null) {
      boxes.add(crop);
    }
    return boxes;
  }

  /** Joins and writes one photo. */
  private Outcome renderAndWrite(Loaded l, LabImage prediction) {
    FullResolution.Lightness lightness = l.lightness;
    Path target = PhotoFiles.target(run.output(), l.sample.id(), lightness.format(),
        run.outputFormat());
    try (Mat bgr = FullResolution.render(lightness, prediction)) {
      PhotoFiles.write(bgr, target);
    } catch (IllegalArgumentException e) {
      return new Outcome(null, skippedRow(l.sample, "colorize:" + run.model().name,
          "MODEL_FAILED: " + e.getMessage()));
    } catch (IOException e) {
      return new Outcome(null, skippedRow(l.sample, "write",
          "WRITE_FAILED: cannot write " + target + ": " + e.getMessage()));
    } catch (RuntimeException | OutOfMemoryError e) {
      return new Outcome(null, skippedRow(l.sample, "write",
          "RENDER_FAILED: cannot make or write " + target + ": " + e));
    }
    List<String> row = List.of(run.sourceName(), run.model().name, l.sample.id(),
        l.sample.path().toString(), target.toString(), String.valueOf(lightness.width()),
        String.valueOf(lightness.height()), ChromaCheck.hasChroma(prediction) ? "0" : "1",
        Instant.now().toString());
    return new Outcome(row, null);
  }

  private List<String> skippedRow(Sample sample, String stage, String reason) {
    return List.of(run.sourceName(), sample.id(), sample.path().toString(), stage,
        PreparedSample.oneLine(reason));
  }

  @Override
  public void open(ExecutionContext context) {
    try {
      colorizer = engine.open(run.model());
      batches = new AdaptiveBatches(colorizer, Math.max(1, run.model().batchSize));
      colorizer.description().ifPresent(d -> context.putString(RunReport.LOADED_MODEL, d));
    } catch (ColorizationException e) {
      throw new ItemStreamException("cannot load model '" + run.model().name + "': "
          + e.getMessage(), e);
    }
    colorized.open(context);
    skipped.open(context);
    budget.restore(context, "colorize");
  }

  @Override
  public void update(ExecutionContext context) {
    colorized.update(context);
    skipped.update(context);
    budget.save(context, "colorize");
  }

  @Override
  public void close() {
    colorized.close();
    skipped.close();
    if (colorizer != null) {
      colorizer.close();
      colorizer = null;
    }
  }
}
