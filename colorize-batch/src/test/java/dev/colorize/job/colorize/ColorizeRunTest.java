package dev.colorize.job.colorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.dataset.DatasetFormat;
import dev.colorize.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checking a colorize request: every error names its element; the identity. */
class ColorizeRunTest {

  @TempDir Path dir;
  private RunConfiguration config;
  private Path photos;

  @BeforeEach
  void configuration() throws Exception {
    photos = Files.createDirectories(dir.resolve("photos"));
    Files.createDirectories(dir.resolve("archive"));
    config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.models = new ArrayList<>(List.of(new ModelConfig("baseline", "gray"),
        new ModelConfig("mine", "gray")));
    config.datasets = new ArrayList<>(List.of(
        new DatasetConfig("archive", "folder", dir.resolve("archive").toString())));
  }

  private ColorizeRequest request(String model, Path input, String dataset, Path output) {
    return new ColorizeRequest(model, input, dataset, output, OutputFormat.SAME, 1_000_000);
  }

  private String error(ColorizeRequest request) {
    return assertThrows(ConfigurationException.class,
        () -> ColorizeRun.resolve(config, request, ModelRegistry.standard())).getMessage();
  }

  @Test
  void aFolderRequestUsesOnlyTheChosenModelAndAFolderSource() {
    ColorizeRun run = ColorizeRun.resolve(config,
        request("mine", photos, null, dir.resolve("out")), ModelRegistry.standard());
    assertEquals("mine", run.model().name);
    assertEquals(DatasetFormat.FOLDER, run.source().format());
    assertEquals(photos, run.source().root());
    assertEquals(ColorizeRun.INPUT_DATASET, run.sourceName());
    assertEquals(List.of("mine"), run.configuration().models.stream().map(m -> m.name).toList());
    assertEquals(dir.resolve("out"), run.output());
  }

  @Test
  void aDeclaredDatasetCanBeTheSource() {
    ColorizeRun run = ColorizeRun.resolve(config,
        request("baseline", null, "archive", dir.resolve("out")), ModelRegistry.standard());
    assertEquals("archive", run.sourceName());
    assertEquals(dir.resolve("archive"), run.source().root());
  }

  @Test
  void eachProblemNamesItsElement() {
    assertEquals("<model> is 'deoldify', not a declared model; declare it in <models>"
        + " (declared: baseline, mine)", error(request("deoldify", photos, null, dir)));
    assertTrue(error(request(null, photos, null, dir)).startsWith("<model> is not set;"));
    assertEquals("<input> '" + dir.resolve("nowhere") + "' is not an existing folder",
        error(request("mine", dir.resolve("nowhere"), null, dir.resolve("out"))));
    assertTrue(error(request("mine", null, null, dir.resolve("out")))
        .startsWith("<input> is not set; give the folder of photos (-Dcolorize.input=DIR)"));
    assertTrue(error(request("mine", photos, "archive", dir.resolve("out")))
        .startsWith("<input> and <dataset> are both set"));
    assertEquals("<dataset> is 'food', not a declared dataset; declare it in <datasets> or give"
        + " a folder with <input> (declared: archive)",
        error(request("mine", null, "food", dir.resolve("out"))));
    assertTrue(error(request("mine", photos, null, null)).startsWith("<output> is not set;"));
    assertTrue(error(request("mine", photos, null, photos.resolve("colour")))
        .startsWith("<output> '" + photos.resolve("colour") + "' overlaps the photos' folder"));
    assertTrue(error(request("mine", photos, null, dir)).contains("overlaps"),
        "an output folder holding the input is refused too");
    assertTrue(error(new ColorizeRequest("mine", photos, null, dir.resolve("out"),
        OutputFormat.PNG, 0)).startsWith("<maxPixels> is 0;"));
  }

  @Test
  void onlyTheChosenModelAndDatasetAreChecked() {
    config.models.add(new ModelConfig("broken", "no-such-engine"));
    config.datasets.add(new DatasetConfig("gone", "folder", dir.resolve("gone").toString()));
    ColorizeRun.resolve(config, request("mine", null, "archive", dir.resolve("out")),
        ModelRegistry.standard());
    assertTrue(error(request("broken", photos, null, dir.resolve("out")))
        .startsWith("<models><model>[3] 'broken' <engine> is 'no-such-engine'"));
    assertTrue(error(request("mine", null, "gone", dir.resolve("out")))
        .startsWith("<datasets><dataset>[2] 'gone' <path>"));
  }

  @Test
  void commonSettingsAreCheckedAsForEveryGoal() {
    config.imageSize = 8;
    assertTrue(error(request("mine", photos, null, dir.resolve("out")))
        .startsWith("<imageSize> is 8;"));
  }

  @Test
  void theIdentityFollowsWhatChangesTheOutputsOnly() {
    String base = identity(request("mine", photos, null, dir.resolve("out")));
    assertEquals(base, identity(request("mine", photos, null, dir.resolve("out"))));
    config.threads = 7;
    config.chunkSize = 3;
    assertEquals(base, identity(request("mine", photos, null, dir.resolve("out"))),
        "threads and chunk size change speed, not results");
    assertNotEquals(base, identity(request("mine", photos, null, dir.resolve("out2"))));
    assertNotEquals(base, identity(request("baseline", photos, null, dir.resolve("out"))));
    assertNotEquals(base, identity(new ColorizeRequest("mine", photos, null, dir.resolve("out"),
        OutputFormat.PNG, 1_000_000)));
    config.imageSize = 224;
    assertNotEquals(base, identity(request("mine", photos, null, dir.resolve("out"))));
  }

  private String identity(ColorizeRequest request) {
    return ColorizeRun.resolve(config, request, ModelRegistry.standard()).identity();
  }
}
