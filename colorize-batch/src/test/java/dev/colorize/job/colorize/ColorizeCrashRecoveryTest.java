package dev.colorize.job.colorize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.report.CsvLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a forked {@code colorize colorize} JVM with SIGKILL mid-run, runs the same command
 * again, and checks that the photos finished before the kill were not redone, that every photo is
 * listed once, that no temporary file is left, and that the outputs equal an uninterrupted run's
 * byte for byte.
 */
class ColorizeCrashRecoveryTest {

  private static final int PHOTOS = 120;

  @TempDir Path dir;

  private static Process fork(List<String> arguments, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), ColorizeCli.class.getName()));
    command.addAll(arguments);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private static long dataLines(Path csv) {
    try (Stream<String> lines = Files.lines(csv)) {
      return Math.max(0, lines.count() - 1);
    } catch (Exception e) {
      return 0;
    }
  }

  private List<String> arguments(String name, Path in) throws Exception {
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve(name + "-work").toString();
    config.imageSize = 64;
    config.chunkSize = 4;
    config.threads = 1;
    config.models = new ArrayList<>(List.of(new ModelConfig("baseline", "gray")));
    Path file = dir.resolve(name + ".json");
    config.write(file);
    return List.of("colorize", "--config", file.toString(), "--model", "baseline", "--input",
        in.toString(), "--output", dir.resolve(name + "-out").toString());
  }

  @Test
  void aKilledRunResumesWithoutRedoingFinishedPhotos() throws Exception {
    Path in = dir.resolve("photos");
    for (int i = 0; i < PHOTOS; i++) {
      PhotoFixtures.write(in.resolve(String.format("roll%d/photo_%03d.jpg", i % 3, i)),
          PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(480 + (i % 4) * 8, 360, i)));
    }
    List<String> reference = arguments("reference", in);
    assertEquals(0, ColorizeCli.run(reference.toArray(String[]::new)));

    List<String> crashed = arguments("crashed", in);
    Path work = dir.resolve("crashed-work");
    Path log = dir.resolve("child.log");
    Process child = fork(crashed, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    Path parts = work.resolve("runs");
    while (committedRows(parts) < 12) {
      assertTrue(child.isAlive(), "the run ended before the kill:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no progress:\n" + Files.readString(log));
      Thread.sleep(5);
    }
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    Instant killed = Instant.now();
    assertTrue(committedRows(parts) < PHOTOS, "the run was interrupted");

    assertEquals(0, ColorizeCli.run(crashed.toArray(String[]::new)));

    List<List<String>> rows = Files.readAllLines(work.resolve("colorize/colorized.csv"),
        StandardCharsets.UTF_8).stream().skip(1).map(CsvLine::parse).toList();
    assertEquals(PHOTOS, rows.size());
    assertEquals(PHOTOS, new HashSet<>(rows.stream().map(r -> r.get(2)).toList()).size(),
        "every photo is listed once");
    long before = 0;
    for (List<String> row : rows) {
      if (Instant.parse(row.get(8)).isBefore(killed)) {
        before++;
        assertTrue(Files.getLastModifiedTime(Path.of(row.get(4))).toInstant().isBefore(killed),
            row.get(2) + " was finished before the kill and must not be rewritten");
      }
    }
    assertTrue(before >= 8, "photos of committed chunks kept: " + before);
    JsonNode runJson = new ObjectMapper().readTree(work.resolve("colorize/run.json").toFile());
    assertEquals("RESUMED", runJson.get("action").asText());
    assertEquals(PHOTOS - before, runJson.get("steps").get(0).get("read").asLong(),
        "the resumed run reads only the photos not committed before the kill");

    Path referenceOut = dir.resolve("reference-out");
    Path crashedOut = dir.resolve("crashed-out");
    try (Stream<Path> files = Files.walk(referenceOut)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertArrayEquals(Files.readAllBytes(file),
            Files.readAllBytes(crashedOut.resolve(referenceOut.relativize(file))),
            "same bytes as the uninterrupted run: " + file);
      }
    }
    try (Stream<Path> files = Files.walk(crashedOut)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertEquals(PHOTOS, all.size(), "no temporary or extra file: " + all.stream()
          .filter(p -> p.toString().endsWith(PhotoFiles.TEMP_SUFFIX)).toList());
    }
    String childLog = Files.readString(log);
    assertTrue(childLog.contains("colorize colorize: model 'baseline'"), childLog);
  }

  /** Rows in the crashed run's colorized part (its identity folder is the only one). */
  private static long committedRows(Path runs) {
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (Stream<Path> identities = Files.list(runs)) {
      return identities.mapToLong(p -> dataLines(p.resolve("parts/colorized.csv"))).sum();
    } catch (Exception e) {
      return 0;
    }
  }
}
