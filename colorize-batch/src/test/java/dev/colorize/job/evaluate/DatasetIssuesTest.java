package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.CliRun;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a manifest reader refuses reaches {@code dataset-issues.csv} and the report's Skipped
 * section, once each, also when the prepare step failed half-way and was resumed (the reader then
 * replays the committed rows, and reports their issues again).
 */
class DatasetIssuesTest {

  @TempDir static Path dir;
  private static Path root;

  @BeforeAll
  static void aManifestWithRefusedRowsSpreadOverItsLength() throws IOException {
    root = dir.resolve("photos");
    Path outside = dir.resolve("outside");
    Files.createDirectories(outside);
    EvaluateFixtures.writeJpeg(outside.resolve("secret.jpg"), 40, 30, 1);
    Files.createDirectories(root);
    Files.createSymbolicLink(root.resolve("link.jpg"), outside.resolve("secret.jpg"));
    List<String> lines = new ArrayList<>(List.of("path,class"));
    for (int i = 0; i < 12; i++) {
      EvaluateFixtures.writeJpeg(root.resolve("img_" + i + ".jpg"), 40, 30, i);
      lines.add("img_" + i + ".jpg,street");
      if (i == 1) {
        lines.add("../outside/secret.jpg,street"); // line 4: outside the root
      } else if (i == 3) {
        lines.add("link.jpg,street"); // line 7: a symbolic link leading out
      } else if (i == 9) {
        lines.add("<script>alert(1)</script>.jpg,"); // line 14: no class
      }
    }
    // Read after line 14's issue, in a later chunk: with maxSkips 0 it fails the step there.
    Files.writeString(root.resolve("img_10.jpg"), "not a jpeg");
    Files.write(root.resolve("manifest.csv"), lines, StandardCharsets.UTF_8);
  }

  private static RunConfiguration configuration(Path work, long maxSkips) {
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = work.toString();
    config.chunkSize = 2;
    config.maxSkips = maxSkips;
    DatasetConfig manifest = new DatasetConfig("photos", "manifest", root.toString());
    manifest.manifest = "manifest.csv";
    config.datasets = new ArrayList<>(List.of(manifest));
    config.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray")));
    return config;
  }

  private static CliRun.Result evaluate(RunConfiguration config, String name) throws IOException {
    Path file = dir.resolve(name + ".json");
    config.write(file);
    return CliRun.run("evaluate", "--config", file.toString());
  }

  private static List<String> issueLines(Path work) throws IOException {
    return Files.readAllLines(work.resolve("evaluate/dataset-issues.csv"), StandardCharsets.UTF_8);
  }

  @Test
  void refusedRowsAreRowsOfDatasetIssuesAndOfTheReport() throws IOException {
    Path work = dir.resolve("straight");
    assertEquals(0, evaluate(configuration(work, -1), "straight").exit());

    List<String> lines = issueLines(work);
    Path manifest = root.resolve("manifest.csv");
    assertEquals("dataset,file,line,issue", lines.get(0));
    assertEquals(4, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(1).startsWith("photos," + manifest + ",4,refused: '../outside/secret.jpg'"
        + " is outside the dataset root"), lines.get(1));
    assertTrue(lines.get(2).startsWith("photos," + manifest + ",7,refused: 'link.jpg' leads"
        + " outside the dataset root through a symbolic link"), lines.get(2));
    assertTrue(lines.get(3).startsWith("photos," + manifest + ",14,\"no class for"), lines.get(3));

    Document page = Jsoup.parse(work.resolve("evaluate/report/index.html").toFile(), "UTF-8");
    assertEquals(3, page.select("#issues-table tbody tr").size());
    assertTrue(page.select("#skipped").text().contains("<script>alert(1)</script>.jpg"),
        "a name from the manifest is text");
    assertTrue(page.select("script").stream().allMatch(s -> s.hasAttr("src")),
        "no inline script came from the manifest");
  }

  @Test
  void aResumedPrepareStepWritesEachIssueOnce() throws IOException {
    Path work = dir.resolve("resumed");
    CliRun.Result failed = evaluate(configuration(work, 0), "failing");
    assertNotEquals(0, failed.exit(), "img_10.jpg passes maxSkips 0: " + failed.out());
    String committed = Files.readString(work.resolve("runs")
        .resolve(configuration(work, 0).identity()).resolve("parts/issues-prepare-0.csv"));
    assertTrue(committed.contains(",7,"), "the first chunks' issues were committed: " + committed);

    CliRun.Result resumed = evaluate(configuration(work, -1), "resumed");
    assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
    assertTrue(Files.readString(work.resolve("evaluate/run.json")).contains("RESUMED"));

    Path straight = dir.resolve("straight-too");
    assertEquals(0, evaluate(configuration(straight, -1), "straight-too").exit());
    assertEquals(issueLines(straight), issueLines(work), "as if it had never failed");
  }
}
