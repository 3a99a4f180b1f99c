package dev.colorize.report.html;

import dev.colorize.report.CsvNumbers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Gallery and the Distributions, from the score parts of each dataset x model, one dataset at
 * a time in three streaming passes over its parts:
 * <ol>
 *   <li>each part's metric values (8 bytes per image and metric, one part at a time) feed its box
 *       statistics and an exact {@link GalleryChoice} per ranked metric;
 *   <li>the chosen rows' sample ids;
 *   <li>every model's scores of the chosen samples.
 * </ol>
 * Then the {@link GalleryImageSource} writes the chosen samples' images. What is kept grows with
 * the images shown, not with the dataset.
 */
final class GallerySection {

  /** A dataset's score parts, one per model in model order. */
  record DatasetParts(String dataset, List<String> models, List<Path> parts) {}

  private record Picked(String sampleId, String className) {}

  private final List<String> metrics;
  private final List<String> ranked;
  private final int perGroup;
  private final DistributionCharts charts;
  private final Map<String, List<EvaluatePage.GalleryPart>> partsByMetric = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> models = new ArrayList<>();
  private boolean anyImage;

  GallerySection(List<String> metrics, int perGroup) {
    this.metrics = metrics;
    this.ranked = metrics.stream().filter(MetricInfo::ranked).toList();
    this.perGroup = perGroup;
    this.charts = new DistributionCharts(metrics);
    for (String metric : ranked) {
      partsByMetric.put(metric, new ArrayList<>());
    }
  }

  /** Adds one dataset: its distributions, its choices, and their images written to folder. */
  void add(int datasetIndex, DatasetParts dataset, GalleryImageSource images, Path folder)
      throws IOException {
    int models = dataset.models().size();
    if (this.models.isEmpty()) {
      this.models.addAll(dataset.models());
    }
    // Pass 1: values -> box statistics and choices.
    GalleryChoice.Picks[][] picks = new GalleryChoice.Picks[models][ranked.size()];
    for (int m = 0; m < models; m++) {
      double[][] values = new double[metrics.size()][1024];
      int[] rows = new int[1];
      CsvRows.forEach(dataset.parts().get(m), (position, row) -> {
        if (rows[0] == values[0].length) {
          for (int k = 0; k < values.length; k++) {
            values[k] = Arrays.copyOf(values[k], rows[0] * 2);
          }
        }
        for (int k = 0; k < metrics.size(); k++) {
          values[k][rows[0]] = CsvNumbers.parse(row.get(4 + k));
        }
        rows[0]++;
      });
      for (int k = 0; k < metrics.size(); k++) {
        charts.add(metrics.get(k), dataset.dataset(), dataset.models().get(m), values[k], rows[0]);
        int r = ranked.indexOf(metrics.get(k));
        if (r >= 0) {
          GalleryChoice choice = new GalleryChoice(metrics.get(k));
          for (int i = 0; i < rows[0]; i++) {
            choice.add(values[k][i]);
          }
          picks[m][r] = choice.choose(perGroup);
        }
      }
    }
    // Pass 2: the chosen rows' ids.
    List<Map<Integer, Picked>> pickedRows = new ArrayList<>();
    Set<String> chosen = new LinkedHashSet<>();
    for (int m = 0; m < models; m++) {
      Set<Integer> wanted = new java.util.HashSet<>();
      for (GalleryChoice.Picks p : picks[m]) {
        for (int[] group : List.of(p.worst(), p.median(), p.best())) {
          for (int position : group) {
            wanted.add(position);
          }
        }
      }
      Map<Integer, Picked> byPosition = new HashMap<>();
      CsvRows.forEach(dataset.parts().get(m), (position, row) -> {
        if (wanted.contains(position)) {
          byPosition.put(position, new Picked(row.get(2), row.get(3)));
        }
      });
      pickedRows.add(byPosition);
    }
    // Chosen samples in display order: by metric, model, group.
    for (int r = 0; r < ranked.size(); r++) {
      for (int m = 0; m < models; m++) {
        GalleryChoice.Picks p = picks[m][r];
        for (int[] group : List.of(p.worst(), p.median(), p.best())) {
          for (int position : group) {
            chosen.add(pickedRows.get(m).get(position).sampleId());
          }
        }
      }
    }
    // Pass 3: every model's scores of the chosen samples.
    List<Map<String, List<String>>> scores = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      Map<String, List<String>> bySample = new HashMap<>();
      CsvRows.forEach(dataset.parts().get(m), (position, row) -> {
        if (chosen.contains(row.get(2))) {
          bySample.put(row.get(2), row);
        }
      });
      scores.add(bySample);
    }
    GalleryImageSource.Files files = images.write(datasetIndex, List.copyOf(chosen), folder);
    if (!files.note().isEmpty() && !notes.contains(files.note())) {
      notes.add(files.note());
    }
    anyImage |= !files.gray().isEmpty() || !files.truth().isEmpty()
        || files.predictions().stream().anyMatch(p -> !p.isEmpty());
    for (int r = 0; r < ranked.size(); r++) {
      String metric = ranked.get(r);
      int column = 4 + metrics.indexOf(metric);
      for (int m = 0; m < models; m++) {
        GalleryChoice.Picks p = picks[m][r];
        List<EvaluatePage.GalleryGroup> groups = new ArrayList<>();
        String[] labels = {"worst", "median", "best"};
        int[][] order = {p.worst(), p.median(), p.best()};
        for (int g = 0; g < 3; g++) {
          List<EvaluatePage.GalleryRow> rows = new ArrayList<>();
          for (int position : order[g]) {
            Picked picked = pickedRows.get(m).get(position);
            rows.add(row(picked, dataset, files, scores, column));
          }
          groups.add(new EvaluatePage.GalleryGroup(labels[g], rows));
        }
        partsByMetric.get(metric).add(new EvaluatePage.GalleryPart(dataset.dataset(),
            dataset.models().get(m), dataset.models(), groups));
      }
    }
  }

  private EvaluatePage.GalleryRow row(Picked picked, DatasetParts dataset,
      GalleryImageSource.Files files, List<Map<String, List<String>>> scores, int column) {
    List<EvaluatePage.Prediction> predictions = new ArrayList<>();
    for (int m = 0; m < dataset.models().size(); m++) {
      List<String> row = scores.get(m).get(picked.sampleId());
      String file = files.predictions().isEmpty() ? null
          : files.predictions().get(m).get(picked.sampleId());
      if (row == null) {
        predictions.add(new EvaluatePage.Prediction(dataset.models().get(m), "",
            "not scored (see Skipped)", ""));
        continue;
      }
      StringBuilder all = new StringBuilder();
      for (int k = 0; k < metrics.size(); k++) {
        all.append(k == 0 ? "" : ", ").append(metrics.get(k)).append(' ')
            .append(SummarySection.format(CsvNumbers.parse(row.get(4 + k))));
      }
      predictions.add(new EvaluatePage.Prediction(dataset.models().get(m),
          file == null ? "" : file, SummarySection.format(CsvNumbers.parse(row.get(column))),
          all.toString()));
    }
    return new EvaluatePage.GalleryRow(picked.sampleId(), picked.className(),
        files.gray().getOrDefault(picked.sampleId(), ""),
        files.truth().getOrDefault(picked.sampleId(), ""), predictions);
  }

  /** The Gallery, once every dataset is added. */
  EvaluatePage.Gallery gallery() {
    String defaultMetric = ranked.contains("delta_e2000") ? "delta_e2000"
        : ranked.isEmpty() ? "" : ranked.get(0);
    List<EvaluatePage.GalleryMetric> byMetric = new ArrayList<>();
    partsByMetric.forEach((metric, parts) -> byMetric.add(new EvaluatePage.GalleryMetric(metric,
        parts)));
    return new EvaluatePage.Gallery(defaultMetric, perGroup, anyImage, String.join(" ", notes),
        List.copyOf(models), byMetric);
  }

  private static String direction(String metric) {
    String better = MetricInfo.of(metric).better();
    return better.equals("—") ? "no better direction" : better + " is better";
  }

  /** Writes the distribution plots into folder. */
  List<PageParts.Chart> charts(Path folder) throws IOException {
    List<PageParts.Chart> list = new ArrayList<>();
    charts.write(folder, 960, 420).forEach((metric, file) -> list.add(new PageParts.Chart(
        metric, file, metric + " per dataset and model (" + direction(metric) + ")")));
    return list;
  }
}
