package dev.colorize.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.plan.RunPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rebuilds the HTML report of a finished run from what it left on disk ({@code run.json}, its
 * CSVs, the plan and the kept images), computing nothing again: {@code colorize report} and
 * {@code mvn colorize:report}, so a report's look can change without rerunning its job.
 */
public final class ReportRebuild {

  /** The plan file an evaluate run leaves beside run.json (written by its report step). */
  public static final String PLAN_FILE = "plan.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path folder;
  private final JsonNode run;

  /** A folder that is not a finished run's output; the message says why and what to do. */
  public static final class NotAFinishedRunException extends Exception {
    NotAFinishedRunException(String message) {
      super(message);
    }
  }

  private ReportRebuild(Path folder, JsonNode run) {
    this.folder = folder;
    this.run = run;
  }

  /**
   * Reads a run's output folder: {@code <work>/evaluate} or {@code <work>/finetune/<model>}.
   *
   * @throws NotAFinishedRunException without run.json, for a run that did not complete, or for
   *     a goal that has no rebuildable report
   */
  public static ReportRebuild of(Path folder) throws IOException, NotAFinishedRunException {
    Path runJson = folder.resolve("run.json");
    if (!Files.isRegularFile(runJson)) {
      throw new NotAFinishedRunException(folder + " holds no run.json: give the output folder"
          + " of a finished evaluate or finetune run (e.g. target/colorize/evaluate)");
    }
    JsonNode run = JSON.readTree(runJson.toFile());
    String goal = run.path("goal").asText("");
    if (!goal.equals("evaluate") && !goal.equals("finetune")) {
      throw new NotAFinishedRunException(runJson + " is of goal '" + goal + "'; only evaluate"
          + " and finetune reports are rebuilt (the others are written by their goal)");
    }
    if (!"COMPLETED".equals(run.path("status").asText())) {
      throw new NotAFinishedRunException(runJson + " says the run is "
          + run.path("status").asText("of unknown status") + ": run the goal again to"
          + " finish it, which writes its report");
    }
    if (goal.equals("evaluate") && !Files.isRegularFile(folder.resolve(PLAN_FILE))) {
      throw new NotAFinishedRunException(folder + " holds no " + PLAN_FILE + " (a run of an"
          + " older colorize): run evaluate again with -Dcolorize.rerun=true");
    }
    if (goal.equals("finetune") && !Files.isRegularFile(folder.resolve("finetune.json"))) {
      throw new NotAFinishedRunException(folder + " holds no finetune.json: give the folder of"
          + " the fine-tuned model, <workDirectory>/finetune/<model>");
    }
    return new ReportRebuild(folder, run);
  }

  /** @return the run's goal: evaluate or finetune */
  public String goal() {
    return run.path("goal").asText();
  }

  /** @return the run's work directory, whose lock the rebuild should hold */
  public Path workDirectory() throws IOException {
    if (goal().equals("evaluate")) {
      return plan().workDirectory();
    }
    String work = run.path("configuration").path("workDirectory").asText("");
    return work.isEmpty() ? folder.getParent().getParent() : Path.of(work);
  }

  /**
   * Writes the report again.
   *
   * @return the written index.html
   */
  public Path write() throws IOException {
    return switch (goal()) {
      case "evaluate" -> EvaluateReport.write(folder, plan(), run);
      case "finetune" -> FinetuneReport.write(folder, run);
      default -> throw new IllegalStateException("no report for goal " + goal());
    };
  }

  private RunPlan plan() throws IOException {
    return RunPlan.fromJson(Files.readString(folder.resolve(PLAN_FILE), StandardCharsets.UTF_8));
  }
}
