package dev.colorize.job.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.tf.SavedModelDigest;
import dev.colorize.train.OfficialDeOldifyTrainable;
import dev.colorize.model.official.OfficialEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Publishes a finished training run in the finetune output folder: the exported model
 * {@code <name>.builtin} ({@code <name>.pt}, a TorchScript file, for a torchscript model; the
 * best-validated weights, or the last ones without validation), the
 * curves {@code loss.csv} and {@code validation.csv}, the images the prepare steps skipped ({@code skipped.csv}), and
 * {@code finetune.json} describing them,
 * and prints the {@code <model>} element that evaluates the result. Every file is written to a
 * temporary name and moved into place, so a crash leaves the previous version or the new one.
 */
final class ExportTasklet implements Tasklet {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final FinetuneSettings settings;
  private final Path trainDirectory;
  private final Path output;
  private final List<Path> skippedParts;
  private final PrintStream out;

  ExportTasklet(FinetuneSettings settings, Path trainDirectory, List<Path> skippedParts,
      Path output, PrintStream out) {
    this.settings = settings;
    this.trainDirectory = trainDirectory;
    this.skippedParts = skippedParts;
    this.output = output;
    this.out = out;
  }

  /** @return the exported model file of a finetune output folder */
  static Path modelFile(Path output, FinetuneSettings settings) {
    return output.resolve(settings.model().name + settings.modelExtension());
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws IOException {
    Files.createDirectories(output);
    Path best = trainDirectory.resolve(TrainingSession.fileName(settings, TrainingSession.BEST));
    Path source = Files.exists(best) ? best
        : trainDirectory.resolve(TrainingSession.fileName(settings, TrainingSession.LAST));
    String name = settings.model().name;
    Path model = modelFile(output, settings);
    copy(source, model);
    // a DeOldify run with a critic exported it beside the generator
    Path critic = OfficialDeOldifyTrainable.criticExport(source);
    Path criticExport = null;
    if (settings.official() && Files.isRegularFile(critic)) {
      criticExport = OfficialDeOldifyTrainable.criticExport(model);
      copy(critic, criticExport);
    }
    for (String curve : new String[] {"loss.csv", "validation.csv"}) {
      if (Files.exists(trainDirectory.resolve(curve))) {
        copy(trainDirectory.resolve(curve), output.resolve(curve));
      }
    }
    mergeSkipped(output.resolve("skipped.csv"));
    String sha256 = Files.isDirectory(model) ? SavedModelDigest.of(model)
        : ModelFiles.sha256(model);
    EarlyStopping history = new EarlyStopping(settings)
        .replay(trainDirectory.resolve("validation.csv"), Integer.MAX_VALUE);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("model", name);
    report.put("engine", settings.model().engine);
    if (settings.imported()) {
      report.put("convention", settings.model().convention);
      report.put("options", settings.model().options);
      report.put("startedFrom", settings.model().path);
    } else {
      report.put("architecture", settings.network().architecture().id());
      report.put("size", settings.network().size().id());
    }
    report.put("file", model.getFileName().toString());
    report.put("sha256", sha256);
    report.put("weights", source == best ? "best validation" : "last step");
    if (criticExport != null) {
      report.put("critic", criticExport.getFileName().toString());
    }
    if (history.bestStep() >= 0) {
      report.put("monitor", settings.config().monitor);
      report.put("bestStep", history.bestStep());
      report.put("bestValue", history.best());
      // The early-stopping decision, for the report (validation.csv has one row per epoch).
      report.put("patience", settings.config().patience);
      report.put("stoppedEarly", history.exhausted());
      report.put("validationImages",
          trainDirectory.resolve(TrainingSession.VALIDATION_IMAGES).toString());
    }
    report.put("finetune", settings.config());
    Path json = output.resolve("finetune.json");
    Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), report);
    Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out.println("finetune " + name + ": exported " + model + " (" + report.get("weights")
        + (history.bestStep() >= 0 ? ", step " + history.bestStep() : "") + ")");
    if (criticExport != null) {
      out.println("finetune " + name + ": exported its critic " + criticExport
          + " (fine-tune on from both with <options><critic>)");
    }
    out.println("finetune " + name + ": evaluate it with " + snippet(model, sha256,
        criticExport));
    return RepeatStatus.FINISHED;
  }

  /**
   * The {@code <model>} element that evaluates the export: the trained model's engine and, for a
   * torchscript model, its convention and options (the export takes the same input and output).
   */
  String snippet(Path model, String sha256, Path criticExport) {
    String name = settings.model().name;
    StringBuilder s = new StringBuilder("<model><name>" + name + "-finetuned</name>");
    if (settings.imported()) {
      s.append("<engine>").append(settings.model().engine).append("</engine><convention>")
          .append(settings.model().convention).append("</convention>");
    } else {
      s.append("<engine>builtin</engine><architecture>")
          .append(settings.network().architecture().id()).append("</architecture><size>")
          .append(settings.network().size().id()).append("</size>");
    }
    s.append("<path>").append(model).append("</path><sha256>").append(sha256)
        .append("</sha256>");
    if (settings.imported() && !settings.model().options.isEmpty()) {
      s.append("<options>");
      settings.model().options.forEach((k, v) -> s.append('<').append(k).append('>')
          .append(criticExport != null && OfficialEngine.CRITIC_OPTION.equals(k) ? criticExport
              : v).append("</").append(k).append('>'));
      s.append("</options>");
    }
    return s.append("</model>").toString();
  }

  /** Joins the prepare steps' skipped parts (same header) into one file. */
  private void mergeSkipped(Path target) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path part : skippedParts) {
      if (!Files.exists(part)) {
        continue;
      }
      List<String> partLines = Files.readAllLines(part, StandardCharsets.UTF_8);
      if (partLines.isEmpty()) {
        continue;
      }
      if (lines.isEmpty()) {
        lines.add(partLines.get(0));
      }
      lines.addAll(partLines.subList(1, partLines.size()));
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Copies a file, or a checkpoint folder's files (InstColor), replacing what was there. */
  private static void copy(Path from, Path to) throws IOException {
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    if (!Files.isDirectory(from)) {
      Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    deleteFolder(tmp);
    Files.createDirectories(tmp);
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, tmp.resolve(f.getFileName()));
      }
    }
    deleteFolder(to);
    Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (var files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(folder);
  }
}
