package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.colorize.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate report is the job's last step, and {@code colorize report} rebuilds it from the
 * run's files alone: what changed on disk shows, nothing is computed again.
 */
class ReportRebuildTest {

  @TempDir Path dir;

  private Path evaluateOnce() throws IOException {
    Path data = ReportFixtures.folderDataset(dir.resolve("data"), 3);
    ReportFixtures.evaluate(ReportFixtures.configuration(dir.resolve("work"), data, null),
        dir.resolve("config.json"));
    return dir.resolve("work/evaluate");
  }

  @Test
  void theEvaluateJobWritesItsReportInItsLastStep() throws IOException {
    Path evaluate = evaluateOnce();
    JsonNode run = new ObjectMapper().readTree(evaluate.resolve("run.json").toFile());
    JsonNode steps = run.path("steps");
    assertEquals("html-report", steps.get(steps.size() - 1).path("name").asText());
    assertEquals("COMPLETED", steps.get(steps.size() - 1).path("status").asText());
    assertTrue(Files.isRegularFile(evaluate.resolve("plan.json")));
    Document page = Jsoup.parse(evaluate.resolve("report/index.html").toFile(), "UTF-8");
    String protocol = page.select("#protocol").text();
    assertTrue(protocol.contains("job instance " + run.path("jobInstance").asText()), protocol);
    assertTrue(protocol.contains("execution " + run.path("jobExecution").asText()), protocol);
    // The prepare step's counts come from the running execution (run.json is not written yet).
    assertEquals(List.of("photos", "folder"), page.select("#protocol table.data").first()
        .select("tbody tr td").eachText().subList(0, 2));
    String counts = String.join(",", page.select("#protocol table.data").first()
        .select("tbody tr td.num").eachText());
    JsonNode prepare = steps.get(0);
    assertTrue(prepare.path("name").asText().startsWith("prepare-0-"), prepare.toString());
    assertTrue(prepare.path("read").asLong() > 0);
    assertEquals(prepare.path("read").asText() + "," + prepare.path("written").asText() + ","
        + (prepare.path("read").asLong() - prepare.path("written").asLong()), counts,
        "read, prepared, skipped as run.json has them");
  }

  @Test
  void reportRebuildsThePageFromTheFilesWithoutRecomputing() throws IOException {
    Path evaluate = evaluateOnce();
    Path report = evaluate.resolve("report");
    Document before = Jsoup.parse(report.resolve("index.html").toFile(), "UTF-8");
    Set<String> images = Set.copyOf(before.select("table.gallery img[src]").eachAttr("src"));
    assertFalse(images.isEmpty());
    FileTime scoresWritten = Files.getLastModifiedTime(evaluate.resolve("scores.csv"));
    // Edit summary.csv by hand: a rebuild shows the file's value, a recomputation would not.
    Path summary = evaluate.resolve("summary.csv");
    List<String> lines = Files.readAllLines(summary, StandardCharsets.UTF_8);
    String header = lines.get(0);
    int psnr = List.of(header.split(",")).indexOf("psnr_mean");
    String[] first = lines.get(1).split(",", -1);
    first[psnr] = "12.345678";
    lines.set(1, String.join(",", first));
    Files.write(summary, lines, StandardCharsets.UTF_8);
    Files.delete(report.resolve("index.html"));
    Files.delete(report.resolve("report.css"));

    CliRun.Result run = CliRun.run("report", "--run", evaluate.toString());

    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("evaluate report " + report.resolve("index.html")), run.out());
    Document after = Jsoup.parse(report.resolve("index.html").toFile(), "UTF-8");
    assertTrue(after.select("#summary-table tbody tr").first().text().contains("12.346"),
        after.select("#summary-table tbody tr").first().text());
    assertTrue(Files.exists(report.resolve("report.css")));
    assertEquals(images, Set.copyOf(after.select("table.gallery img[src]").eachAttr("src")),
        "the same gallery, from the images kept in report/images");
    for (String src : images) {
      assertTrue(Files.exists(report.resolve(src)), src);
    }
    assertEquals(scoresWritten, Files.getLastModifiedTime(evaluate.resolve("scores.csv")));
  }

  @Test
  void reportRefusesAFolderWithoutARunAndAnUnfinishedRun() throws IOException {
    CliRun.Result empty = CliRun.run("report", "--run", dir.toString());
    assertEquals(2, empty.exit());
    assertTrue(empty.err().contains("holds no run.json"), empty.err());

    Path evaluate = evaluateOnce();
    ObjectMapper json = new ObjectMapper();
    ObjectNode run = (ObjectNode) json.readTree(evaluate.resolve("run.json").toFile());
    run.put("status", "FAILED");
    json.writeValue(evaluate.resolve("run.json").toFile(), run);
    CliRun.Result failed = CliRun.run("report", "--run", evaluate.toString());
    assertEquals(2, failed.exit());
    assertTrue(failed.err().contains("says the run is FAILED"), failed.err());
  }

  @Test
  void reportWaitsForNoRunButRefusesABusyWorkDirectory() throws IOException {
    Path evaluate = evaluateOnce();
    try (var lock = dev.colorize.job.WorkDirectoryLock.acquire(dir.resolve("work"))) {
      CliRun.Result busy = CliRun.run("report", "--run", evaluate.toString());
      assertEquals(3, busy.exit(), busy.out() + busy.err());
    }
    Set<String> names;
    try (var list = Files.list(evaluate)) {
      names = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
    assertTrue(names.contains("report"), names.toString());
  }
}
