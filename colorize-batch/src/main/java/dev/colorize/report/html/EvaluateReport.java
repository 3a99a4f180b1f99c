package dev.colorize.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.config.ModelConfig;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.plan.ModelPlan;
import dev.colorize.plan.RunLayout;
import dev.colorize.plan.RunPlan;
import dev.colorize.plan.SaveImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code <evaluate>/report/index.html} from what a finished evaluate run left on disk:
 * {@code summary.csv}, {@code skipped.csv}, {@code dataset-issues.csv}, {@code run.json} and the per dataset x model score
 * parts. Reads only files, so it can run after the job (and again, later, on the same folder).
 */
public final class EvaluateReport {

  /** The gallery's images per group (worst, median, best). */
  static final int PER_GROUP = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluateReport() {}

  /**
   * Writes the report folder of a finished run, with the facts of its {@code run.json}.
   *
   * @param evaluateFolder the run's evaluate output (holds summary.csv)
   * @param plan           the run's plan
   * @return the written index.html
   */
  public static Path write(Path evaluateFolder, RunPlan plan) throws IOException {
    Path runJson = evaluateFolder.resolve("run.json");
    return write(evaluateFolder, plan, Files.exists(runJson) ? JSON.readTree(runJson.toFile())
        : JSON.createObjectNode());
  }

  /**
   * Writes the report folder.
   *
   * @param evaluateFolder the run's evaluate output (holds summary.csv)
   * @param plan           the run's plan
   * @param run            run.json, or the facts of the running execution
   *     ({@code RunReport.executionFacts}) when the job's last step writes the report
   * @return the written index.html
   */
  public static Path write(Path evaluateFolder, RunPlan plan, JsonNode run) throws IOException {
    Path folder = evaluateFolder.resolve("report");
    Files.createDirectories(folder);
    Path summaryCsv = evaluateFolder.resolve("summary.csv");
    List<String> metrics = metrics(CsvRows.header(summaryCsv));
    List<String> models = plan.models().stream().map(ModelPlan::name).toList();
    SummarySection summary = new SummarySection(summaryCsv, metrics, models);
    String baseline = models.contains("gray") ? "gray" : "";

    GallerySection gallery = new GallerySection(metrics, PER_GROUP);
    RunLayout layout = plan.layout();
    SaveImages save = plan.saveImages();
    PredictionTree tree = new PredictionTree(layout.predictions());
    GalleryImages kept = save.writesPredictions() ? new GalleryImages(plan, tree) : null;
    GalleryImageSource images = kept != null ? kept : GalleryImageSource.none(
        "Images were not kept (<saveImages>none</saveImages>): the gallery lists its choices"
            + " with their scores.");
    for (int d = 0; d < plan.datasets().size(); d++) {
      List<Path> parts = new ArrayList<>();
      for (int m = 0; m < models.size(); m++) {
        parts.add(layout.scores(d, m));
      }
      gallery.add(d, new GallerySection.DatasetParts(plan.datasets().get(d).name(), models, parts),
          images, folder);
    }

    Path skippedCsv = evaluateFolder.resolve("skipped.csv");
    List<List<String>> skipped = new ArrayList<>();
    CsvRows.forEach(skippedCsv, (position, row) -> skipped.add(row));
    Path issuesCsv = evaluateFolder.resolve("dataset-issues.csv");
    List<List<String>> issues = new ArrayList<>();
    CsvRows.forEach(issuesCsv, (position, row) -> issues.add(row));

    EvaluatePage page = new EvaluatePage(protocol(evaluateFolder, run, plan, metrics, save,
        layout),
        summary.summary(baseline), summary.heatMaps(), gallery.charts(folder), gallery.gallery(),
        CsvRows.header(skippedCsv), skipped, CsvRows.header(issuesCsv), issues);
    Path index = HtmlPages.write("evaluate.jte", page, folder);
    // Only now that the new page is in place: the old one may still have linked to these.
    if (kept != null) {
      kept.removeUnreferenced(folder);
    } else {
      GalleryImages.removeAllBut(folder, java.util.Set.of());
    }
    if (save == SaveImages.REPORT) {
      // The gallery's images are in the report folder: the rest of the predictions go.
      tree.delete();
    }
    return index;
  }

  /** The metric columns of summary.csv, from its {@code <metric>_mean} headers. */
  static List<String> metrics(List<String> summaryHeader) {
    return summaryHeader.stream().filter(h -> h.endsWith("_mean"))
        .map(h -> h.substring(0, h.length() - "_mean".length())).toList();
  }

  private static EvaluatePage.Protocol protocol(Path evaluateFolder, JsonNode run, RunPlan plan,
      List<String> metrics, SaveImages save, RunLayout layout) throws IOException {
    List<EvaluatePage.DatasetRow> datasets = new ArrayList<>();
    for (int d = 0; d < plan.datasets().size(); d++) {
      DatasetSpec dataset = plan.datasets().get(d).spec();
      long prepared = stepCount(run, "prepare-" + d + "-", "written");
      long read = stepCount(run, "prepare-" + d + "-", "read");
      String selection = "split " + dataset.splitFilter().id()
          + (dataset.limit() > 0 ? ", limit " + dataset.limit() : "")
          + (dataset.perClassLimit() > 0 ? ", per class " + dataset.perClassLimit() : "");
      datasets.add(new EvaluatePage.DatasetRow(dataset.name(), dataset.format().id(),
          dataset.root().toString(), selection, read, prepared, Math.max(0, read - prepared)));
    }
    List<EvaluatePage.MetricRow> metricRows = new ArrayList<>();
    for (String metric : metrics) {
      MetricInfo.Info info = MetricInfo.of(metric);
      metricRows.add(new EvaluatePage.MetricRow(metric, info.definition(), info.better()));
    }
    List<EvaluatePage.ModelRow> models = new ArrayList<>();
    for (int m = 0; m < plan.models().size(); m++) {
      ModelConfig model = plan.models().get(m).declaration();
      String options = "batch size " + model.batchSize
          + (model.architecture == null ? "" : ", architecture " + model.architecture)
          + (model.size == null ? "" : ", size " + model.size);
      models.add(new EvaluatePage.ModelRow(model.name, text(model.engine),
          text(model.convention), text(model.path), text(model.sha256), options,
          text(model.device), loadedModel(run, m)));
    }
    List<PageParts.Entry> versions = PageParts.versions(run);
    JsonNode fid = fidSection(evaluateFolder, run);
    String fidText = fid.isMissingNode() ? "not recorded in run.json"
        : fid.path("computed").asBoolean(false)
            ? "computed with feature model " + fid.path("featureModel").path("path").asText("")
                + " (sha256 " + fid.path("featureModel").path("sha256").asText("") + ")"
            : "not computed: " + fid.path("reason").asText("see run.json");
    List<String> rerun = List.of(
        "mvn colorize:evaluate -Dcolorize.rerun=true",
        "bin/colorize evaluate --config <configuration.json> --rerun");
    return new EvaluatePage.Protocol(plan.identity(), run.path("jobInstance").asText(""),
        run.path("jobExecution").asText(""), run.path("started").asText(""),
        Instant.now().toString(), plan.imageSize(), plan.resizePolicy().id(), datasets, metricRows,
        models, fidText, versions, rerun, saveImagesText(save, layout));
  }

  /**
   * run.json's {@code fid}, or else the report step's {@code fid.json} it is copied from (the
   * report is written before run.json when the job writes it).
   */
  private static JsonNode fidSection(Path evaluateFolder, JsonNode run) throws IOException {
    if (run.has("fid")) {
      return run.get("fid");
    }
    Path file = evaluateFolder.resolve(dev.colorize.metric.fid.FidReport.FILE_NAME);
    return Files.exists(file) ? JSON.readTree(file.toFile()) : run.path("fid");
  }

  private static String saveImagesText(SaveImages save, RunLayout layout) {
    return switch (save) {
      case REPORT -> "report: only the gallery's images are kept, under images/ in this folder";
      case ALL -> "all: every prediction is kept under " + layout.predictions()
          + " (<dataset>/<model>/<sample id>.png); the gallery's images are copied under images/";
      case NONE -> "none: no image is kept";
    };
  }

  /** A count of the first step of run.json whose name starts with prefix (0 when none). */
  private static long stepCount(JsonNode run, String prefix, String field) {
    for (JsonNode step : run.path("steps")) {
      if (step.path("name").asText("").startsWith(prefix)) {
        return step.path(field).asLong(0);
      }
    }
    return 0;
  }

  /** What run.json says model m loaded (from any of its score steps), or empty. */
  private static String loadedModel(JsonNode run, int m) {
    for (JsonNode step : run.path("steps")) {
      String[] name = step.path("name").asText("").split("-", 4);
      if (name.length == 4 && name[0].equals("score") && name[2].equals(String.valueOf(m))
          && step.has("model")) {
        return step.path("model").asText();
      }
    }
    return "";
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
