package dev.colorize.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.colorize.metric.fid.FidReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * Writes {@code run.json}: the configuration, versions, job status, per-step timings and counts,
 * the row counts of the CSV reports and, for evaluate, the {@code fid} section (each FID or the
 * reason it is absent, from the report step's {@code fid.json}). Documented in docs/reports.md.
 */
public final class RunReport {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Step execution-context key of what a step's model engine recognised and loaded (e.g. which
   * published network), written to the step's {@code model} in run.json.
   */
  public static final String LOADED_MODEL = "colorize.loadedModel";

  /** Step execution-context key of the worker JVM (host:pid) that ran a remote partition. */
  public static final String WORKER = "colorize.worker";

  private RunReport() {}

  /**
   * Writes the report of {@code execution} to {@code <outputDirectory>/run.json}.
   *
   * @param configurationJson the run configuration as JSON
   * @param action            what the runner did (STARTED, RESUMED, ALREADY_COMPLETE)
   */
  public static Path write(Path outputDirectory, String goal, String configurationJson,
      String identity, String repository, String action, JobExecution execution)
      throws IOException {
    return write(outputDirectory, goal, configurationJson, identity, repository, action,
        execution, null);
  }

  /**
   * Writes the report of a remote run: as {@link #write(Path, String, String, String, String,
   * String, JobExecution)}, plus a {@code partitions} section.
   *
   * @param partitions every partition a worker took in the job instance (all executions, so
   *     partitions sent again after a lost worker show both workers), each as its properties;
   *     null for a run in one JVM
   */
  public static Path write(Path outputDirectory, String goal, String configurationJson,
      String identity, String repository, String action, JobExecution execution,
      List<Map<String, Object>> partitions) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("goal", goal);
    root.put("identity", identity);
    root.put("action", action);
    root.put("status", execution.getStatus().name());
    ObjectNode facts = executionFacts(execution);
    root.set("jobInstance", facts.get("jobInstance"));
    root.set("jobExecution", facts.get("jobExecution"));
    root.set("started", facts.get("started"));
    root.put("ended", String.valueOf(execution.getEndTime()));
    root.put("seconds", seconds(execution.getStartTime(), execution.getEndTime()));
    root.set("versions", facts.get("versions"));
    root.put("repository", repository);
    root.set("steps", facts.get("steps"));
    if (partitions != null) {
      root.set("partitions", JSON.valueToTree(partitions));
    }
    ObjectNode rows = root.putObject("rows");
    for (String report : new String[] {"scores.csv", "skipped.csv", "summary.csv",
        "dataset-issues.csv"}) {
      Path file = outputDirectory.resolve(report);
      if (Files.exists(file)) {
        rows.put(report, dataRows(file));
      }
    }
    if (goal.equals("evaluate")) {
      root.set("fid", fidSection(outputDirectory, execution));
    }
    root.set("configuration", JSON.readTree(configurationJson));
    Files.createDirectories(outputDirectory);
    Path target = outputDirectory.resolve("run.json");
    Path temp = outputDirectory.resolve("run.json.tmp");
    Files.writeString(temp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /**
   * What run.json says about an execution that the HTML reports show: {@code jobInstance},
   * {@code jobExecution}, {@code started}, {@code versions} and {@code steps} (as in run.json).
   * The report steps call it on their own, still running, execution: run.json is written after
   * the job ends, so a report written by the job reads these facts from here.
   */
  public static ObjectNode executionFacts(JobExecution execution) {
    ObjectNode root = JSON.createObjectNode();
    root.put("jobInstance", execution.getJobInstance().getInstanceId());
    root.put("jobExecution", execution.getId());
    root.put("started", String.valueOf(execution.getStartTime()));
    ObjectNode versions = root.putObject("versions");
    versions.put("colorize", String.valueOf(RunReport.class.getPackage().getImplementationVersion()));
    versions.put("java", System.getProperty("java.version"));
    versions.put("springBatch", String.valueOf(
        JobExecution.class.getPackage().getImplementationVersion()));
    versions.put("opencv", "4.10.0 (org.bytedeco opencv 4.10.0-1.5.11)");
    ArrayNode steps = root.putArray("steps");
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getStatus() == BatchStatus.STARTED && step.getEndTime() == null
          && execution.getEndTime() == null) {
        continue; // the running report step itself: no counts to show yet
      }
      ObjectNode s = steps.addObject();
      s.put("name", step.getStepName());
      s.put("status", step.getStatus().name());
      s.put("read", step.getReadCount());
      s.put("written", step.getWriteCount());
      s.put("commits", step.getCommitCount());
      double seconds = seconds(step.getStartTime(), step.getEndTime());
      s.put("seconds", seconds);
      if (step.getReadCount() > 0 && seconds > 0) {
        // items read per wall-clock second of this execution: a step's throughput
        s.put("itemsPerSecond", Math.round(step.getReadCount() / seconds * 100) / 100.0);
      }
      if (step.getExecutionContext().containsKey(LOADED_MODEL)) {
        s.put("model", step.getExecutionContext().getString(LOADED_MODEL));
      }
      if (step.getExecutionContext().containsKey(WORKER)) {
        s.put("worker", step.getExecutionContext().getString(WORKER));
      }
    }
    return root;
  }

  /**
   * The report step's {@code fid.json} when that step completed in this execution (an older file
   * may belong to another configuration), else the reason there is none.
   */
  private static JsonNode fidSection(Path outputDirectory,
      JobExecution execution) throws IOException {
    boolean reported = execution.getStepExecutions().stream().anyMatch(step ->
        step.getStepName().equals("report")
            && step.getStatus() == BatchStatus.COMPLETED);
    Path file = outputDirectory.resolve(FidReport.FILE_NAME);
    if (reported && Files.exists(file)) {
      return JSON.readTree(file.toFile());
    }
    ObjectNode absent = JSON.createObjectNode();
    absent.put("computed", false);
    absent.put("reason", "the run ended before its report step, which computes FID");
    return absent;
  }

  private static double seconds(LocalDateTime start, LocalDateTime end) {
    return start == null || end == null ? 0 : Duration.between(start, end).toMillis() / 1000.0;
  }

  private static long dataRows(Path csv) throws IOException {
    try (Stream<String> lines = Files.lines(csv, StandardCharsets.UTF_8)) {
      return Math.max(0, lines.count() - 1);
    }
  }
}
