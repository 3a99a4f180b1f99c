package dev.colorize.report.html;

import java.util.List;

/**
 * Everything {@code evaluate.jte} shows, as plain values: the template only lays them out, and
 * every string from disk in here is escaped by jte's HTML output.
 */
public record EvaluatePage(Protocol protocol, Summary summary, List<HeatMap> heatMaps,
    List<PageParts.Chart> charts, Gallery gallery, List<String> skippedHeader,
    List<List<String>> skipped, List<String> issuesHeader, List<List<String>> issues) {

  /** Protocol: how the numbers were made and how to make them again. */
  public record Protocol(String identity, String jobInstance, String jobExecution, String started,
      String reportWritten, int imageSize, String resizePolicy, List<DatasetRow> datasets,
      List<MetricRow> metrics, List<ModelRow> models, String fid, List<PageParts.Entry> versions,
      List<String> rerun, String saveImages) {}

  public record DatasetRow(String name, String format, String path, String selection, long read,
      long prepared, long skipped) {}

  public record MetricRow(String name, String definition, String better) {}

  public record ModelRow(String name, String engine, String convention, String path,
      String sha256, String options, String device, String loaded) {}


  /** Summary: one row per dataset x model. */
  public record Summary(List<String> columns, String baseline, List<SummaryRow> rows) {}

  public record SummaryRow(String dataset, String model, long count, long noChroma,
      List<Cell> cells) {}

  /**
   * A sortable cell: {@code text} shown, {@code sort} its number for sorting (empty when none),
   * {@code diff} the difference with the baseline (may be empty), {@code best} marked.
   */
  public record Cell(String text, String sort, String diff, boolean best) {}

  /** Per class: a metric's class x model means as a heat map. */
  public record HeatMap(String metric, String better, List<String> models, List<HeatRow> rows) {}

  public record HeatRow(String dataset, String className, List<HeatCell> cells) {}

  /** A cell's text and background colour ({@code #rrggbb}, or empty for none). */
  public record HeatCell(String text, String color) {}

  /**
   * Gallery: per ranked metric, per dataset x model, worst / median / best rows; {@code models}
   * names the prediction columns (in order) the before/after slider can compare.
   */
  public record Gallery(String defaultMetric, int perGroup, boolean images, String note,
      List<String> models, List<GalleryMetric> metrics) {}

  public record GalleryMetric(String metric, List<GalleryPart> parts) {}

  /** The gallery of one dataset x model; {@code columns}: the dataset's models, in order. */
  public record GalleryPart(String dataset, String model, List<String> columns,
      List<GalleryGroup> groups) {}

  public record GalleryGroup(String label, List<GalleryRow> rows) {}

  /** One image: gray input, ground truth and each model's prediction, with their scores. */
  public record GalleryRow(String sampleId, String className, String gray, String truth,
      List<Prediction> predictions) {}

  /**
   * A model's prediction: image file (empty when none was kept), the chosen metric's value, and
   * every score as one line.
   */
  public record Prediction(String model, String file, String score, String scores) {}
}
