package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.CliRun;
import dev.colorize.config.RunConfiguration;
import dev.colorize.report.CsvLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate job end to end, through the CLI entry point the Maven goals fork. */
class EvaluateJobTest {

  @TempDir Path dir;
  private Path dataset;
  private Path work;

  @BeforeEach
  void dataset() throws Exception {
    dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 2, 6, true);
    work = dir.resolve("work");
  }

  private CliRun.Result evaluate(RunConfiguration config, String... extra) throws Exception {
    Path file = dir.resolve("run.json");
    config.write(file);
    String[] args = new String[3 + extra.length];
    args[0] = "evaluate";
    args[1] = "--config";
    args[2] = file.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return CliRun.run(args);
  }

  private List<List<String>> rows(String report) throws Exception {
    return Files.readAllLines(work.resolve("evaluate").resolve(report)).stream().skip(1)
        .map(CsvLine::parse).toList();
  }

  @Test
  void scoresEveryGoodImageAndSkipsEachBadOneWithItsOwnReason() throws Exception {
    CliRun.Result run = evaluate(EvaluateFixtures.configuration(work, dataset, 4));

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("completed; results are in"), run.out());
    List<List<String>> scores = rows("scores.csv");
    assertEquals(13, scores.size(), "12 generated images and bad/good.jpg");
    assertTrue(scores.stream().allMatch(r -> r.get(0).equals("photos") && r.get(1).equals("gray")));
    assertTrue(scores.stream().anyMatch(r -> r.get(3).equals("김치0")), "Hangul class kept");
    double psnr = Double.parseDouble(scores.get(0).get(4));
    assertTrue(psnr > 5 && psnr < 40, "gray baseline PSNR " + psnr);
    assertTrue(scores.stream().allMatch(r -> r.get(r.size() - 1).equals("1")),
        "the gray model returns no chroma: every row is flagged no_chroma");

    List<List<String>> skipped = rows("skipped.csv");
    Set<String> reasons = skipped.stream().map(r -> r.get(4).split(":")[0])
        .collect(Collectors.toSet());
    assertEquals(Set.of("TRUNCATED", "EMPTY_FILE", "NOT_AN_IMAGE", "GRAYSCALE_SOURCE", "TOO_LARGE"),
        reasons, "skipped: " + skipped);
    assertTrue(skipped.stream().allMatch(r -> r.get(3).equals("prepare")));

    List<List<String>> summary = rows("summary.csv");
    assertEquals(List.of("photos", "gray", "(all)", "13", "13"), summary.get(0).subList(0, 5));
    assertEquals(4, summary.size(), "overall row and one per class (김치0, 비빔밥1, bad)");
    JsonNode runJson = new ObjectMapper().readTree(work.resolve("evaluate/run.json").toFile());
    assertEquals("COMPLETED", runJson.path("status").asText());
    for (JsonNode step : runJson.path("steps")) {
      String name = step.path("name").asText();
      if (name.startsWith("prepare-") || name.startsWith("score-")) {
        double expected = step.path("read").asDouble() / step.path("seconds").asDouble();
        assertEquals(expected, step.path("itemsPerSecond").asDouble(), 0.01 + 1e-3 * expected,
            name + ": " + step);
      }
    }
  }

  @Test
  void aCompletedConfigurationIsReportedNotRecomputedUnlessRerunIsAsked() throws Exception {
    RunConfiguration config = EvaluateFixtures.configuration(work, dataset, 4);
    assertEquals(0, evaluate(config).exit());
    String scores = Files.readString(work.resolve("evaluate/scores.csv"));

    CliRun.Result again = evaluate(config);
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("already completed"), again.out());

    CliRun.Result rerun = evaluate(config, "--rerun");
    assertEquals(0, rerun.exit(), rerun.err());
    assertTrue(rerun.out().contains("completed; results are in"), rerun.out());
    assertEquals(scores, Files.readString(work.resolve("evaluate/scores.csv")));

    config.imageSize = 128; // another configuration: another instance, computed
    CliRun.Result other = evaluate(config);
    assertEquals(0, other.exit(), other.err());
    assertTrue(other.out().contains("completed; results are in"), other.out());
  }

  @Test
  void tooManySkipsFailTheJobWithACountedMessage() throws Exception {
    RunConfiguration config = EvaluateFixtures.configuration(work, dataset, 4);
    config.maxSkips = 2;
    CliRun.Result run = evaluate(config);
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("images skipped, more than maxSkips 2; see skipped.csv"), run.err());
    assertTrue(run.err().contains("run the same command again to resume"), run.err());
  }

  @Test
  void anInvalidConfigurationIsRefusedBeforeAnythingRuns() throws Exception {
    RunConfiguration config = EvaluateFixtures.configuration(work, dataset, 4);
    config.datasets.get(0).format = "zip";
    CliRun.Result run = evaluate(config);
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("<datasets><dataset>[1] 'photos' <format> is 'zip'"), run.err());
    assertTrue(!Files.exists(work.resolve("repository")), "nothing was created");
  }
}
