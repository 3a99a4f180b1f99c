package dev.colorize.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.train.ValidationImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code <finetune output>/report/index.html} from what a finished finetune run left:
 * {@code finetune.json}, {@code loss.csv}, {@code validation.csv}, {@code skipped.csv} and the
 * validation images the training loop kept after each epoch ({@link ValidationImages}, under the
 * train directory finetune.json names). Reads only files, so it can run again later.
 *
 * <p>Bounded: each loss chart has at most {@link #LOSS_POINTS} points per term, and at most
 * {@link #IMAGE_COLUMNS} epochs' images are copied, whatever the run's length.
 */
public final class FinetuneReport {

  /** Most points of a loss chart's term. */
  static final int LOSS_POINTS = 1000;
  /** Most epochs whose images the page shows. */
  static final int IMAGE_COLUMNS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private FinetuneReport() {}

  /** Writes the report of a finished run with the facts of its run.json. */
  public static Path write(Path output) throws IOException {
    Path runJson = output.resolve("run.json");
    return write(output, Files.exists(runJson) ? JSON.readTree(runJson.toFile())
        : JSON.createObjectNode());
  }

  /**
   * @param output the finetune output folder ({@code <work>/finetune/<model>})
   * @param run    run.json, or the running execution's facts when the job's last step writes
   *     the report
   * @return the written index.html
   */
  public static Path write(Path output, JsonNode run) throws IOException {
    Path folder = output.resolve("report");
    Files.createDirectories(folder);
    JsonNode finetune = JSON.readTree(output.resolve("finetune.json").toFile());
    String model = finetune.path("model").asText();
    String monitor = finetune.path("monitor").asText("");
    int bestStep = finetune.path("bestStep").asInt(-1);

    List<PageParts.Chart> loss = new ArrayList<>();
    Map<String, List<LineCharts.Line>> curves = TrainingCurves.loss(output.resolve("loss.csv"),
        LOSS_POINTS);
    int c = 0;
    for (Map.Entry<String, List<LineCharts.Line>> term : curves.entrySet()) {
      String file = "loss-" + c++ + ".png";
      LineCharts.write(folder, file, term.getKey() + " per step", "step", term.getKey(),
          term.getValue(), Double.NaN, "", false);
      loss.add(new PageParts.Chart(term.getKey(), file, "loss term " + term.getKey()
          + ", a line per phase"));
    }

    Path validationCsv = output.resolve("validation.csv");
    List<String> header = CsvRows.header(validationCsv);
    List<List<String>> rows = new ArrayList<>();
    CsvRows.forEach(validationCsv, (position, row) -> rows.add(row));
    List<FinetunePage.ValidationRow> validationRows = new ArrayList<>();
    List<Integer> steps = new ArrayList<>();
    for (List<String> row : rows) {
      int step = Integer.parseInt(row.get(0));
      steps.add(step);
      validationRows.add(new FinetunePage.ValidationRow(row, step == bestStep));
    }
    List<PageParts.Chart> validation = new ArrayList<>();
    for (int m = 2; m < header.size(); m++) {
      List<double[]> points = new ArrayList<>();
      for (List<String> row : rows) {
        double value = TrainingCurves.parse(row.get(m));
        if (Double.isFinite(value)) {
          points.add(new double[] {Double.parseDouble(row.get(0)), value});
        }
      }
      String metric = header.get(m);
      String file = "validation-" + (m - 2) + ".png";
      LineCharts.write(folder, file, metric + " on the validation split", "step", metric,
          List.of(new LineCharts.Line(metric, points)), bestStep >= 0 ? bestStep : Double.NaN,
          "best " + monitor, true);
      validation.add(new PageParts.Chart(metric, file, metric + " after each epoch; better: "
          + MetricInfo.of(metric).better() + (bestStep >= 0 ? "; dashed: the best epoch by "
          + monitor + " (step " + bestStep + ")" : "")));
    }

    Set<Path> kept = new HashSet<>();
    FinetunePage.Images images = images(finetune, steps, bestStep, rows, folder, kept);
    Path skippedCsv = output.resolve("skipped.csv");
    List<List<String>> skipped = new ArrayList<>();
    CsvRows.forEach(skippedCsv, (position, row) -> skipped.add(row));

    FinetunePage page = new FinetunePage(model, facts(finetune, run), settings(finetune),
        decision(finetune, rows.size()), loss, validation, header, validationRows, images,
        CsvRows.header(skippedCsv), skipped);
    Path index = HtmlPages.write("finetune.jte", page, folder);
    // Only now that the new page is in place: the old one may still have linked to these.
    GalleryImages.removeAllBut(folder, kept);
    return index;
  }

  private static List<PageParts.Entry> facts(JsonNode finetune, JsonNode run) {
    List<PageParts.Entry> facts = new ArrayList<>();
    for (String key : List.of("model", "engine", "architecture", "size", "convention",
        "startedFrom", "file", "sha256", "critic")) {
      if (finetune.has(key)) {
        facts.add(new PageParts.Entry(key, finetune.get(key).asText()));
      }
    }
    facts.addAll(PageParts.runFacts(run));
    return facts;
  }

  /** The {@code <finetune>} element as finetune.json holds it, one entry per setting. */
  private static List<PageParts.Entry> settings(JsonNode finetune) {
    List<PageParts.Entry> settings = new ArrayList<>();
    finetune.path("finetune").fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      if (!v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
        settings.add(new PageParts.Entry(e.getKey(), v.isValueNode() ? v.asText()
            : v.toString()));
      }
    });
    return settings;
  }

  private static FinetunePage.Decision decision(JsonNode finetune, int validated) {
    String weights = finetune.path("weights").asText("");
    int planned = finetune.path("finetune").path("epochs").asInt(0);
    if (!finetune.has("bestStep")) {
      return new FinetunePage.Decision("No validation ran (<validationSplit>none</validationSplit>"
          + " or an empty validation split): no early stopping; all " + planned
          + " epochs trained and the last weights exported.", weights);
    }
    String monitor = finetune.path("monitor").asText();
    String best = String.format(Locale.ROOT, "%.6g", finetune.path("bestValue").asDouble());
    int patience = finetune.path("patience").asInt(0);
    boolean stopped = finetune.path("stoppedEarly").asBoolean(false) && validated < planned;
    String text = stopped
        ? "Stopped early after epoch " + validated + " of " + planned + ": " + patience
            + " epochs in a row without a better " + monitor + "."
        : "Trained all " + planned + " epochs" + (patience > 0 ? " (patience " + patience
            + " was not used up)" : " (early stopping off: patience 0)") + ".";
    return new FinetunePage.Decision(text + " Best " + monitor + " " + best + " at step "
        + finetune.path("bestStep").asInt() + "; exported weights: " + weights + ".", weights);
  }

  /** Copies the chosen steps' validation images into the report; records what it wrote. */
  private static FinetunePage.Images images(JsonNode finetune, List<Integer> steps, int bestStep,
      List<List<String>> rows, Path folder, Set<Path> kept) throws IOException {
    if (!finetune.has("validationImages") || steps.isEmpty()) {
      return new FinetunePage.Images(List.of(), List.of(), "No validation ran, so no image was"
          + " colorized during training.");
    }
    Path source = Path.of(finetune.get("validationImages").asText());
    List<Integer> shown = EpochChoice.choose(steps, bestStep, IMAGE_COLUMNS);
    List<String> columns = new ArrayList<>();
    for (int step : shown) {
      String epoch = rows.get(steps.indexOf(step)).get(1);
      columns.add("step " + step + " (epoch " + epoch + ")" + (step == bestStep ? ", best" : ""));
    }
    List<FinetunePage.ImageRow> imageRows = new ArrayList<>();
    int missing = 0;
    for (int i = 0; Files.isDirectory(source.resolve(String.valueOf(i)))
        || Files.isDirectory(folder.resolve("images/" + i)); i++) {
      String dir = "images/" + i + "/";
      String gray = copy(ValidationImages.gray(source, i), folder, dir + "gray.png", kept);
      String truth = copy(ValidationImages.truth(source, i), folder, dir + "truth.png", kept);
      List<String> predictions = new ArrayList<>();
      for (int step : shown) {
        String file = copy(ValidationImages.prediction(source, i, step), folder,
            dir + "step-" + step + ".png", kept);
        missing += file.isEmpty() ? 1 : 0;
        predictions.add(file);
      }
      imageRows.add(new FinetunePage.ImageRow("validation image " + (i + 1), gray, truth,
          predictions));
    }
    String note = imageRows.isEmpty() ? "The validation images were not found in " + source
        + "." : missing > 0 ? missing + " images were not found in " + source + "." : "";
    if (shown.size() < steps.size()) {
      note = (note + " Showing " + shown.size() + " of " + steps.size() + " epochs: the first,"
          + " the best, the last and evenly spaced ones between.").strip();
    }
    return new FinetunePage.Images(columns, imageRows, note);
  }

  /**
   * Copies one image into the report (or keeps the copy an earlier render made when the source
   * is gone); returns its relative path, or empty when there is none.
   */
  private static String copy(Path source, Path folder, String relative, Set<Path> kept)
      throws IOException {
    Path target = folder.resolve(relative);
    if (Files.isRegularFile(source)) {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    } else if (!Files.isRegularFile(target)) {
      return "";
    }
    kept.add(target.toAbsolutePath().normalize());
    return relative;
  }
}
