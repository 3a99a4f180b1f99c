package dev.colorize.job.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.official.chromagan.ChromaGanDiscriminator;
import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.chromagan.Vgg16Classifier;
import dev.colorize.model.official.deoldify.DeOldifyCriticFile;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.deoldify.DeOldifyVariant;
import dev.colorize.model.official.deoldify.Vgg16BnFeatures;
import dev.colorize.model.official.pth.PthFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code colorize finetune} of an {@code official} DeOldify artistic generator (a seeded file in
 * the published layout and format, written by colorize) end to end in forked JVMs: it trains,
 * exports a {@code .pth} in the published format that the official engine evaluates with the
 * printed {@code <model>} element; NoGAN against DeOldify's critic exports both networks; and a
 * NoGAN run killed with SIGKILL mid-training resumes to the same bytes.
 */
class FinetuneJobOfficialTest {

  @TempDir static Path shared;
  static Path start;
  /** A small DeOldify critic (nf 16, one block: it scores the tests' 32 px images). */
  static Path critic;

  @TempDir Path dir;

  @BeforeAll
  static void writeStart() throws Exception {
    start = shared.resolve("ColorizeArtistic_gen.pth");
    DeOldifyFile.writeSeeded(DeOldifyVariant.ARTISTIC, 21, start);
    critic = shared.resolve("ColorizeArtistic_crit.pth");
    DeOldifyCriticFile.writeSeeded(16, 1, 43, critic);
  }

  /** NoGAN's critic pretraining, then its GAN, against the critic {@code <options>} names. */
  static RunConfiguration noGan(Path work) {
    RunConfiguration c = configuration(work, 2);
    c.models.get(0).options.put("critic", critic.toString());
    c.finetune.phases = "critic:1,gan:1";
    return c;
  }

  /** The food sample (a few images), the seeded artistic generator, 32 px. */
  static RunConfiguration configuration(Path work, int epochs) {
    RunConfiguration c = FinetuneFixtures.configuration(work, "deoldify", epochs);
    c.datasets.get(0).perClassLimit = 2;
    c.models.clear();
    ModelConfig model = new ModelConfig("deoldify-artistic", "official");
    model.convention = "deoldify";
    model.path = start.toString();
    model.options.put("renderFactor", "2");
    c.models.add(model);
    c.finetune.model = model.name;
    c.finetune.learningRate = 1e-4;
    c.finetune.batchSize = 2;
    c.finetune.checkpointInterval = 2;
    return c;
  }

  /**
   * On DeOldify's own loss (L1, plus its VGG feature terms against a seeded {@code vgg16_bn} in
   * torchvision's key layout), the generator trains and exports the published format.
   */
  @Test
  void trainsAndExportsThePublishedFormatWhichTheOfficialEngineEvaluates() throws Exception {
    Path work = dir.resolve("work");
    RunConfiguration config = configuration(work, 2);
    Path vgg = dir.resolve("vgg16_bn-6c64b313.pth");
    Vgg16BnFeatures.writeSeeded(37, vgg);
    config.finetune.loss = "l1";
    config.finetune.featureLoss = vgg.toString();
    Path log = dir.resolve("finetune.log");
    FinetuneFixtures.runSuccessfully(config, dir.resolve("finetune.json"), log);
    String losses = Files.readString(work.resolve("finetune/deoldify-artistic/loss.csv"));
    String header = losses.lines().findFirst().orElseThrow();
    assertTrue(header.contains(",l1,") && header.endsWith(",feature"), header);
    String[] last = losses.strip().lines().reduce((a, b) -> b).orElseThrow().split(",");
    assertTrue(Double.parseDouble(last[last.length - 1]) > 0, "the feature terms: " + losses);

    Path out = work.resolve("finetune/deoldify-artistic");
    Path model = out.resolve("deoldify-artistic.pth");
    assertTrue(Files.isRegularFile(model), FinetuneFixtures.read(log));
    try (PthFile pth = PthFile.open(model)) {
      assertEquals(PthFile.Format.LEGACY, pth.format(), "the published files' format");
    }
    assertEquals(DeOldifyVariant.ARTISTIC, DeOldifyFile.probe(model));
    assertFalse(Arrays.equals(Files.readAllBytes(start), Files.readAllBytes(model)),
        "training changed the weights");
    JsonNode report = new ObjectMapper().readTree(out.resolve("finetune.json").toFile());
    String sha256 = ModelFiles.sha256(model);
    assertEquals(sha256, report.get("sha256").asText());
    assertEquals("official", report.get("engine").asText());
    assertEquals("deoldify", report.get("convention").asText());
    String printed = FinetuneFixtures.read(log);
    int at = printed.indexOf("<model><name>deoldify-artistic-finetuned</name>");
    assertTrue(at >= 0, printed);
    String snippet = printed.substring(at, printed.indexOf("</model>", at));
    assertTrue(snippet.startsWith("<model><name>deoldify-artistic-finetuned</name><engine>official"
        + "</engine><convention>deoldify</convention><path>" + model + "</path><sha256>" + sha256
        + "</sha256><options><renderFactor>2</renderFactor></options>"), snippet);

    RunConfiguration evaluate = FinetuneFixtures.evaluateOnTestSplit(dir.resolve("evaluate"));
    evaluate.datasets.get(0).perClassLimit = 4;
    ModelConfig tuned = new ModelConfig("deoldify-artistic-finetuned", "official");
    tuned.convention = "deoldify";
    tuned.path = model.toString();
    tuned.sha256 = sha256;
    tuned.options.put("renderFactor", "2");
    evaluate.models.add(tuned);
    evaluate.write(dir.resolve("evaluate.json"));
    assertEquals(0, ColorizeCli.run("evaluate", "--config",
        dir.resolve("evaluate.json").toString()));
    String summary = Files.readString(dir.resolve("evaluate/evaluate/summary.csv"));
    assertTrue(summary.contains("kfood-test,deoldify-artistic-finetuned,(all)"), summary);
  }

  /**
   * NoGAN against DeOldify's critic file: a critic phase trains the critic alone, the GAN phase
   * both (critic updates until its loss is below the threshold, then the generator with the
   * adversarial term); both networks are exported in the published formats, the critic beside
   * the generator, and the printed {@code <model>} names the exported critic.
   */
  @Test
  void noGanTrainsAgainstTheCriticFileAndExportsBothNetworks() throws Exception {
    Path work = dir.resolve("work");
    Path log = dir.resolve("nogan.log");
    FinetuneFixtures.runSuccessfully(noGan(work), dir.resolve("nogan.json"), log);
    Path out = work.resolve("finetune/deoldify-artistic");
    String losses = Files.readString(out.resolve("loss.csv"));
    List<String> header = Arrays.asList(losses.lines().findFirst().orElseThrow().split(","));
    for (String column : List.of("critic", "adversarial", "critic_steps")) {
      assertTrue(header.contains(column), column + ": " + losses);
    }
    int phase = header.indexOf("phase");
    boolean criticRow = false;
    boolean ganRow = false;
    for (String line : losses.strip().lines().skip(1).toList()) {
      String[] row = line.split(",");
      assertTrue(Double.isFinite(Double.parseDouble(row[header.indexOf("critic")])), line);
      assertTrue(Double.parseDouble(row[header.indexOf("critic_steps")]) >= 1, line);
      if (row[phase].equals("critic")) {
        criticRow = true;
        assertTrue(Double.isNaN(Double.parseDouble(row[header.indexOf("adversarial")])), line);
      } else if (row[phase].equals("gan")) {
        ganRow = true;
        assertTrue(Double.parseDouble(row[header.indexOf("adversarial")]) > 0,
            "BCE of the critic's logits against 1 is positive: " + line);
      }
    }
    assertTrue(criticRow && ganRow, losses);

    Path model = out.resolve("deoldify-artistic.pth");
    Path exportedCritic = out.resolve("deoldify-artistic_crit.pth");
    assertTrue(Files.isRegularFile(exportedCritic), FinetuneFixtures.read(log));
    assertEquals(16, DeOldifyCriticFile.probe(exportedCritic).features());
    try (PthFile pth = PthFile.open(exportedCritic)) {
      assertEquals(PthFile.Format.LEGACY, pth.format());
    }
    assertFalse(Arrays.equals(Files.readAllBytes(critic), Files.readAllBytes(exportedCritic)),
        "training changed the critic");
    assertFalse(Arrays.equals(Files.readAllBytes(start), Files.readAllBytes(model)),
        "the GAN phase changed the generator");
    JsonNode report = new ObjectMapper().readTree(out.resolve("finetune.json").toFile());
    assertEquals("deoldify-artistic_crit.pth", report.get("critic").asText());
    String printed = FinetuneFixtures.read(log);
    assertTrue(printed.contains("<critic>" + exportedCritic + "</critic>"), printed);
  }

  /**
   * ChromaGAN's published structure (a seeded {@code .h5}): fine-tuned on the samples (resized
   * to and from its 224 x 224) as its authors train it, in one GAN phase with all three terms:
   * L2 on ab, the class term against a seeded VGG-16 teacher in Keras applications' layout,
   * and the adversarial term against a seeded discriminator file in the authors' layout;
   * exported as an {@code .h5} of the same structure that the official engine recognises and
   * evaluates.
   */
  @Test
  void chromaGanTrainsAndExportsAnH5WhichTheOfficialEngineEvaluates() throws Exception {
    Path seeded = dir.resolve("my_model_colorization.h5");
    ChromaGanFile.writeSeeded(23, seeded);
    Path teacher = dir.resolve("vgg16_weights_tf_dim_ordering_tf_kernels.h5");
    Vgg16Classifier.writeSeeded(29, teacher);
    Path discriminator = dir.resolve("my_model_discriminatorEpoch0.h5");
    ChromaGanDiscriminator.writeSeeded(31, discriminator);
    Path work = dir.resolve("work");
    RunConfiguration config = FinetuneFixtures.configuration(work, "chromagan", 1);
    config.datasets.get(0).perClassLimit = 1;
    config.models.clear();
    ModelConfig model = new ModelConfig("chromagan", "official");
    model.convention = "chromagan";
    model.path = seeded.toString();
    config.models.add(model);
    config.finetune.model = model.name;
    config.finetune.learningRate = 1e-5;
    config.finetune.batchSize = 2;
    config.finetune.checkpointInterval = 100;
    config.finetune.classTeacher = teacher.toString();
    config.finetune.discriminator = discriminator.toString();
    config.finetune.phases = "gan:1";
    Path log = dir.resolve("chromagan.log");
    FinetuneFixtures.runSuccessfully(config, dir.resolve("chromagan.json"), log);

    Path exported = work.resolve("finetune/chromagan/chromagan.h5");
    assertTrue(Files.isRegularFile(exported), FinetuneFixtures.read(log));
    ChromaGanFile.probe(exported);
    assertEquals(Files.size(seeded), Files.size(exported), "the source's structure, new values");
    assertFalse(ModelFiles.sha256(seeded).equals(ModelFiles.sha256(exported)),
        "training changed the weights");
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      var before = ChromaGanFile.load(seeded, manager).generator();
      var after = ChromaGanFile.load(exported, manager).generator();
      assertFalse(before.parameter("fusion.conv6.weight").getArray().contentEquals(
          after.parameter("fusion.conv6.weight").getArray()), "the L2 loss trains the ab head");
      assertFalse(before.parameter("class.dense3.weight").getArray().contentEquals(
          after.parameter("class.dense3.weight").getArray()), "the class term trains the head");
    }
    String losses = Files.readString(work.resolve("finetune/chromagan/loss.csv"));
    List<String> header = Arrays.asList(losses.lines().findFirst().orElseThrow().split(","));
    int column = header.indexOf("class_kl");
    assertTrue(column >= 0, losses);
    String[] last = losses.strip().lines().reduce((a, b) -> b).orElseThrow().split(",");
    assertTrue(Double.parseDouble(last[column]) > 0, "the class term is computed: " + losses);
    for (String term : List.of("critic", "gradient_penalty", "adversarial")) {
      int at = header.indexOf(term);
      assertTrue(at >= 0 && Double.isFinite(Double.parseDouble(last[at])), term + ": " + losses);
    }
    String printed = FinetuneFixtures.read(log);
    assertTrue(printed.contains("<model><name>chromagan-finetuned</name><engine>official</engine>"
        + "<convention>chromagan</convention><path>" + exported + "</path>"), printed);

    RunConfiguration evaluate = FinetuneFixtures.evaluateOnTestSplit(dir.resolve("evaluate"));
    evaluate.datasets.get(0).perClassLimit = 1;
    ModelConfig tuned = new ModelConfig("chromagan-finetuned", "official");
    tuned.convention = "chromagan";
    tuned.path = exported.toString();
    evaluate.models.add(tuned);
    evaluate.write(dir.resolve("evaluate.json"));
    assertEquals(0, ColorizeCli.run("evaluate", "--config",
        dir.resolve("evaluate.json").toString()));
    String summary = Files.readString(dir.resolve("evaluate/evaluate/summary.csv"));
    assertTrue(summary.contains("kfood-test,chromagan-finetuned,(all)"), summary);
  }

  /**
   * A NoGAN run killed with SIGKILL mid-training resumes to the same bytes: generator, critic
   * (its dropout masks come from the checkpointed noise) and curves.
   */
  @Test
  void killedMidTrainingResumesToTheSameExportedFile() throws Exception {
    Path straightWork = dir.resolve("straight");
    FinetuneFixtures.runSuccessfully(noGan(straightWork), dir.resolve("straight.json"),
        dir.resolve("straight.log"));
    Path killedWork = dir.resolve("killed");
    FinetuneFixtures.killMidTrainingThenResume(noGan(killedWork),
        dir.resolve("killed.json"), dir.resolve("killed.log"),
        killedWork.resolve("finetune/deoldify-artistic/deoldify-artistic.pth"));
    Path a = straightWork.resolve("finetune/deoldify-artistic");
    Path b = killedWork.resolve("finetune/deoldify-artistic");
    FinetuneFixtures.assertSameExport(a, b, "deoldify-artistic.pth");
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        Files.readAllBytes(a.resolve("deoldify-artistic_crit.pth")),
        Files.readAllBytes(b.resolve("deoldify-artistic_crit.pth")), "the exported critic");
  }
}
