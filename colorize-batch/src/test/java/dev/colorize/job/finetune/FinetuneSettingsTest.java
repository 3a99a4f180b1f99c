package dev.colorize.job.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuneSettingsTest {

  @TempDir Path work;

  private RunConfiguration config(Consumer<RunConfiguration> change) {
    RunConfiguration c = FinetuneFixtures.configuration(work, "chromagan", 4);
    change.accept(c);
    return c;
  }

  private String error(Consumer<RunConfiguration> change) {
    return assertThrows(ConfigurationException.class,
        () -> FinetuneSettings.of(config(change))).getMessage();
  }

  @Test
  void aValidConfigurationResolvesModelDatasetAndNetwork() {
    FinetuneSettings s = FinetuneSettings.of(config(c -> c.finetune.phases =
        "generator:2,critic:1,gan:1"));
    assertEquals("chromagan-tiny", s.model().name);
    assertEquals("kfood", s.dataset().name);
    assertEquals("chromagan", s.network().architecture().id());
    assertEquals(List.of(new FinetuneSettings.PhaseEpochs(TrainingConfig.Kind.GENERATOR, 2),
        new FinetuneSettings.PhaseEpochs(TrainingConfig.Kind.CRITIC, 1),
        new FinetuneSettings.PhaseEpochs(TrainingConfig.Kind.GAN, 1)), s.phases());
  }

  @Test
  void eachBadSettingIsNamedWithItsElement() {
    assertTrue(error(c -> c.finetune = null).startsWith("<finetune> is missing"));
    assertEquals("<remote> is for colorize:evaluate and colorize:prepare; colorize:finetune"
        + " trains in one JVM, so remove <remote>",
        error(c -> c.remote = new dev.colorize.config.RemoteConfig(4, 30)));
    assertEquals("<finetune><model> is 'nope', which no <models><model> declares",
        error(c -> c.finetune.model = "nope"));
    assertTrue(error(c -> c.models.add(0, grayNamed(c))).contains("whose engine is 'gray'; only"
        + " <engine>builtin</engine> networks, <engine>torchscript</engine> models (conventions"
        + " chromagan, instcolor, lab) and <engine>official</engine> ChromaGAN, DeOldify and"
        + " InstColor models can be fine-tuned"));
    assertEquals("<finetune><dataset> is 'kobject', which no <datasets><dataset> declares",
        error(c -> c.finetune.dataset = "kobject"));
    assertEquals("<finetune><classTeacher> is set, but only an official ChromaGAN model trains"
        + " its class head against a teacher", error(c -> c.finetune.classTeacher = "vgg.h5"));
    assertEquals("<finetune><loss> is huber, InstColor's own loss, which only an official"
        + " InstColor folder trains on; leave it out (l2)", error(c -> c.finetune.loss = "huber"));
    assertEquals("<finetune><featureLoss> is set, but only an official DeOldify generator trains"
        + " with DeOldify's feature loss", error(c -> c.finetune.featureLoss = "vgg16_bn.pth"));
    assertEquals("<finetune><discriminator> is set, but only an official ChromaGAN model trains"
        + " against one", error(c -> {
          c.finetune.discriminator = "d.h5";
          c.finetune.phases = "gan:" + c.finetune.epochs;
        }));
    assertEquals("<finetune><split> is 'training'; use train, val, test or all",
        error(c -> c.finetune.split = "training"));
    assertEquals("<finetune><epochs> is 0; use 1 to 100000", error(c -> c.finetune.epochs = 0));
    assertTrue(error(c -> c.finetune.imageSize = 60).startsWith("<finetune><imageSize> is 60; use"
        + " a multiple of 8"));
    assertTrue(error(c -> c.finetune.learningRate = -0.1).startsWith("<finetune><learningRate> is"
        + " -0.1; use a rate above 0"));
    assertTrue(error(c -> c.finetune.monitor = "loss").startsWith("<finetune><monitor> is 'loss'"));
    assertTrue(error(c -> {
      c.finetune.patience = 2;
      c.finetune.validationSplit = "none";
    }).contains("early stopping needs validation"));
    assertTrue(error(c -> c.finetune.phases = "generator:2,gan").contains("has 'gan'; write"
        + " kind:epochs pairs"));
    assertEquals("<finetune><phases> 'generator:2,gan:1' add up to 3 epochs but <epochs> is 4;"
        + " make them agree", error(c -> c.finetune.phases = "generator:2,gan:1"));
    assertTrue(error(c -> c.models.get(0).options.remove("size"))
        .contains("<size> is missing"));
  }

  /** The finetune model replaced by a torchscript stand-in of the given convention. */
  private RunConfiguration torchScript(String convention, String file,
      Consumer<ModelConfig> change) {
    return config(c -> {
      c.models.clear();
      ModelConfig m = new ModelConfig("chromagan-tiny", "torchscript");
      m.convention = convention;
      m.path = Path.of("src/test/resources/models").resolve(file).toAbsolutePath().toString();
      change.accept(m);
      c.models.add(m);
    });
  }

  private String torchScriptError(String convention, String file, Consumer<ModelConfig> change) {
    return assertThrows(ConfigurationException.class,
        () -> FinetuneSettings.of(torchScript(convention, file, change))).getMessage();
  }

  @Test
  void aTorchScriptModelOfAnAbConventionIsAccepted() {
    FinetuneSettings s = FinetuneSettings.of(torchScript("lab", "trainable/lab-trainable.pt",
        m -> m.options.put("abScale", "110")));
    assertTrue(s.torchScript());
    assertEquals(".pt", s.modelExtension());
    assertTrue(s.describeNetwork().startsWith("torchscript lab module "), s.describeNetwork());
  }

  @Test
  void torchScriptProblemsAreNamedWithTheirElement() {
    String deoldify = torchScriptError("deoldify", "deoldify.pt", m -> { });
    assertTrue(deoldify.startsWith("<finetune><model> is 'chromagan-tiny', a torchscript model"
        + " with <convention>deoldify</convention>, which cannot be fine-tuned: DeOldify predicts"
        + " RGB"), deoldify);
    assertTrue(torchScriptError("lab", "trainable/lab-trainable.pt",
        m -> m.options.put("abScale", "0"))
        .startsWith("<models><model> 'chromagan-tiny' <options><abScale> is invalid"));
    assertTrue(torchScriptError("lab", "trainable/lab-trainable.pt",
        m -> m.sha256 = "ab".repeat(32))
        .startsWith("<models><model> 'chromagan-tiny' <sha256> does not match"));
    assertTrue(torchScriptError("lab", "trainable/absent.pt", m -> { })
        .startsWith("<models><model> 'chromagan-tiny' <path>"));
    assertTrue(torchScriptError("sepia", "trainable/lab-trainable.pt", m -> { })
        .startsWith("<models><model> 'chromagan-tiny' <convention> is 'sepia'"));
    String phases = assertThrows(ConfigurationException.class, () -> {
      RunConfiguration c = torchScript("lab", "trainable/lab-trainable.pt", m -> { });
      c.finetune.phases = "generator:2,gan:2";
      FinetuneSettings.of(c);
    }).getMessage();
    assertEquals("<finetune><phases> is 'generator:2,gan:2', but a torchscript model trains"
        + " without a critic; use generator:4 or leave <phases> out", phases);
  }

  private static ModelConfig grayNamed(RunConfiguration c) {
    c.models.clear();
    return new ModelConfig("chromagan-tiny", "gray");
  }

  @Test
  void theMonitorDecidesWhatBetterMeans() {
    FinetuneSettings psnr = FinetuneSettings.of(config(c -> c.finetune.monitor = "psnr"));
    assertTrue(psnr.better(30, 29));
    FinetuneSettings de = FinetuneSettings.of(config(c -> { }));
    assertTrue(de.better(4, 5));
    FinetuneSettings delta = FinetuneSettings.of(config(c -> c.finetune.monitor =
        "colorfulness_delta"));
    assertTrue(delta.better(-1, 3));
    assertTrue(!delta.better(-4, 3));
  }
}
