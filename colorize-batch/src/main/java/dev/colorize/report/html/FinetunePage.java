package dev.colorize.report.html;

import java.util.List;

/**
 * Everything {@code finetune.jte} shows, as plain values; every string from disk in here is
 * escaped by jte's HTML output.
 *
 * @param facts      the exported model and the run (identity, job, versions)
 * @param settings   the {@code <finetune>} settings as finetune.json records them
 * @param decision   what early stopping decided and which weights were exported
 * @param loss       one chart per loss term (a line per phase)
 * @param validation one chart per validation metric, the best step marked
 */
public record FinetunePage(String model, List<PageParts.Entry> facts,
    List<PageParts.Entry> settings, Decision decision, List<PageParts.Chart> loss,
    List<PageParts.Chart> validation, List<String> validationColumns,
    List<ValidationRow> validationRows, Images images, List<String> skippedHeader,
    List<List<String>> skipped) {

  /** The early-stopping decision in a sentence, and the exported weights. */
  public record Decision(String text, String weights) {}

  /** A row of validation.csv; {@code best} marks the best epoch. */
  public record ValidationRow(List<String> cells, boolean best) {}

  /**
   * The fixed validation images: a column per shown step, a row per sample.
   *
   * @param note why some or all are absent, or empty
   */
  public record Images(List<String> columns, List<ImageRow> rows, String note) {}

  /** One validation sample: gray input, ground truth, then its colorization at each step. */
  public record ImageRow(String label, String gray, String truth, List<String> steps) {}
}
