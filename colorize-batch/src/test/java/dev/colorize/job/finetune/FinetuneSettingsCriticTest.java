package dev.colorize.job.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.model.official.deoldify.DeOldifyCriticFile;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.deoldify.DeOldifyVariant;
import dev.colorize.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <options><critic>} of an official DeOldify model and the adversarial phases. */
class FinetuneSettingsCriticTest {

  @TempDir static Path files;
  static Path generator;
  static Path smallCritic;
  static Path deepCritic;

  @TempDir Path work;

  @BeforeAll
  static void write() throws Exception {
    generator = files.resolve("ColorizeArtistic_gen.pth");
    DeOldifyFile.writeSeeded(DeOldifyVariant.ARTISTIC, 3, generator);
    smallCritic = files.resolve("small_crit.pth");
    DeOldifyCriticFile.writeSeeded(16, 1, 5, smallCritic);
    deepCritic = files.resolve("deep_crit.pth");
    DeOldifyCriticFile.writeSeeded(16, 3, 5, deepCritic);
  }

  private RunConfiguration config(Consumer<RunConfiguration> change) {
    RunConfiguration c = FinetuneFixtures.configuration(work, "deoldify", 2);
    c.models.clear();
    ModelConfig model = new ModelConfig("deoldify-artistic", "official");
    model.convention = "deoldify";
    model.path = generator.toString();
    c.models.add(model);
    c.finetune.model = model.name;
    change.accept(c);
    return c;
  }

  private String error(Consumer<RunConfiguration> change) {
    return assertThrows(ConfigurationException.class,
        () -> FinetuneSettings.of(config(change))).getMessage();
  }

  @Test
  void aCriticFileWithoutPhasesTrainsTheGanAgainstIt() {
    FinetuneSettings s = FinetuneSettings.of(config(c ->
        c.models.get(0).options.put("critic", smallCritic.toString())));
    assertEquals(List.of(new FinetuneSettings.PhaseEpochs(TrainingConfig.Kind.GAN, 2)),
        s.phases());
    assertEquals(smallCritic, s.deOldifyAdversary().file());
  }

  @Test
  void adversarialPhasesWithoutACriticFileStartFromAnUntrainedCritic() {
    FinetuneSettings s = FinetuneSettings.of(config(c -> {
      c.finetune.imageSize = 64;
      c.finetune.phases = "critic:1,gan:1";
    }));
    assertNull(s.deOldifyAdversary().file());
    assertNull(FinetuneSettings.of(config(c -> { })).deOldifyAdversary(),
        "no adversarial phase, no critic");
  }

  @Test
  void eachContradictionIsNamed() {
    String generatorOnly = error(c -> {
      c.models.get(0).options.put("critic", smallCritic.toString());
      c.finetune.phases = "generator:2";
    });
    assertTrue(generatorOnly.startsWith("<models><model> 'deoldify-artistic' <options><critic>"
        + " names a critic, but <finetune><phases> 'generator:2' has no critic or gan phase"),
        generatorOnly);
    String small = error(c -> c.models.get(0).options.put("critic", deepCritic.toString()));
    assertEquals("<finetune><imageSize> is 32, but the critic " + deepCritic + " (3 blocks)"
        + " scores images of 64 px and more", small);
    String untrained = error(c -> c.finetune.phases = "gan:2");
    assertTrue(untrained.contains("an untrained DeOldify critic (nf 256, 3 blocks) scores images"
        + " of 64 px and more"), untrained);
  }

  @Test
  void aGeneratorFileNamedAsTheCriticIsRecognisedAsSuch() {
    String message = error(c -> c.models.get(0).options.put("critic", generator.toString()));
    assertTrue(message.contains("<options><critic>"), message);
    assertTrue(message.contains("is not a DeOldify critic")
        && message.contains("it looks like a DeOldify generator (_gen.pth), not its critic"),
        message);
  }
}
