package dev.colorize.plan;

import java.nio.file.Path;

/**
 * Where a run keeps its files under the work directory:
 * <pre>
 * &lt;work&gt;/.colorize.lock               held while a run is active
 * &lt;work&gt;/repository/                  embedded H2 job repository (default)
 * &lt;work&gt;/cache/                       prepared-pair cache, shared by every run and model
 * &lt;work&gt;/runs/&lt;identity&gt;/parts/       committed part files of one configuration (CSV
 *                                     parts, FID checkpoints fid-&lt;d&gt;-&lt;m&gt;-&lt;count&gt;.bin)
 * &lt;work&gt;/runs/&lt;identity&gt;/predictions/ evaluate's predictions as PNG (saveImages report: until
 *                                     the report has copied its own; all: kept)
 * &lt;work&gt;/evaluate/                    scores.csv, summary.csv, skipped.csv, fid.json, run.json
 * &lt;work&gt;/prepare/                     skipped.csv, run.json of the prepare goal
 * </pre>
 * Parts live under the configuration's identity so that an interrupted run of one configuration
 * is never overwritten by a run of another.
 */
public record RunLayout(Path workDirectory, String identity) {

  public Path cache() {
    return workDirectory.resolve("cache");
  }

  public Path parts() {
    return workDirectory.resolve("runs").resolve(identity).resolve("parts");
  }

  /** Root of evaluate's {@code PredictionTree}: {@code runs/<identity>/predictions}. */
  public Path predictions() {
    return workDirectory.resolve("runs").resolve(identity).resolve("predictions");
  }

  public Path preparedList(int dataset) {
    return parts().resolve("prepared-" + dataset + ".csv");
  }

  public Path prepareSkipped(int dataset) {
    return parts().resolve("skipped-prepare-" + dataset + ".csv");
  }

  /** The dataset's reader issues, committed with the prepare step's chunks. */
  public Path prepareIssues(int dataset) {
    return parts().resolve("issues-prepare-" + dataset + ".csv");
  }

  public Path scores(int dataset, int model) {
    return parts().resolve("scores-" + dataset + "-" + model + ".csv");
  }

  public Path scoreSkipped(int dataset, int model) {
    return parts().resolve("skipped-score-" + dataset + "-" + model + ".csv");
  }

  /** Output folder of a goal: {@code evaluate} or {@code prepare}. */
  public Path output(String goal) {
    return workDirectory.resolve(goal);
  }
}
