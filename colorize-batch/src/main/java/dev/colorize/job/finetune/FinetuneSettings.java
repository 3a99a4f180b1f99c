package dev.colorize.job.finetune;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.FinetuneConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.dataset.SplitFilter;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.builtin.BuiltinEngine;
import dev.colorize.model.convention.ChromaGanConvention;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Conventions;
import dev.colorize.model.convention.DeOldifyConvention;
import dev.colorize.model.convention.InstColorConvention;
import dev.colorize.model.djl.TorchScriptEngine;
import dev.colorize.model.official.OfficialEngine;
import dev.colorize.model.official.chromagan.ChromaGanDiscriminator;
import dev.colorize.model.official.chromagan.Vgg16Classifier;
import dev.colorize.model.official.deoldify.DeOldifyCritic;
import dev.colorize.model.official.deoldify.DeOldifyCriticFile;
import dev.colorize.model.official.deoldify.DeOldifyGenerator;
import dev.colorize.model.official.deoldify.Vgg16BnFeatures;
import dev.colorize.model.official.instcolor.InstColorNetworks;
import dev.colorize.train.BaseLoss;
import dev.colorize.train.OfficialChromaGanTrainable;
import dev.colorize.train.OfficialDeOldifyTrainable;
import dev.colorize.train.OfficialInstColorTrainable;
import dev.colorize.train.TorchScriptTrainable;
import dev.colorize.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A checked {@code <finetune>}: the model and dataset it names resolved, every number in range,
 * the schedule parsed. Each problem is one {@link ConfigurationException} naming the element.
 *
 * @param config the element as declared
 * @param model the {@code <model>} it names (engine builtin, torchscript or official)
 * @param network the model's resolved builtin settings (architecture, size, start weights), or
 *     null for a torchscript or official model ({@link #imported()})
 * @param dataset the {@code <dataset>} it names
 * @param phases the schedule in epochs, or empty for the architecture's default
 */
public record FinetuneSettings(FinetuneConfig config, ModelConfig model,
    BuiltinEngine.Settings network, DatasetConfig dataset, List<PhaseEpochs> phases) {

  /** Conventions of torchscript models that can be fine-tuned (their output is ab). */
  public static final List<String> TRAINABLE_CONVENTIONS =
      List.of("chromagan", "instcolor", "lab");

  /** Validation columns {@code <monitor>} may name. */
  public static final List<String> MONITORS =
      List.of("delta_e2000", "psnr", "ssim", "colorfulness_delta");

  /**
   * One {@code kind:epochs} entry of {@code <phases>}.
   *
   * @param kind what the phase trains
   * @param epochs its length
   */
  public record PhaseEpochs(TrainingConfig.Kind kind, int epochs) {}

  /**
   * Checks the run's {@code <finetune>}.
   *
   * @param run the run configuration
   * @return the settings
   * @throws ConfigurationException naming the first offending element
   */
  public static FinetuneSettings of(RunConfiguration run) {
    FinetuneConfig f = run.finetune;
    if (f == null) {
      throw new ConfigurationException("<finetune>", "is missing; declare <finetune><model>NAME"
          + "</model><dataset>NAME</dataset></finetune>");
    }
    if (run.remote != null) {
      // DJL allows one gradient collector per JVM: training is not partitioned.
      throw new ConfigurationException("<remote>", "is for colorize:evaluate and"
          + " colorize:prepare; colorize:finetune trains in one JVM, so remove <remote>");
    }
    ModelConfig model = null;
    for (ModelConfig m : run.models) {
      if (m.name != null && m.name.equals(f.model)) {
        model = m;
      }
    }
    if (f.model == null || f.model.isBlank()) {
      throw new ConfigurationException("<finetune><model>", "is missing; name a <model> with"
          + " <engine>builtin</engine> or <engine>torchscript</engine>");
    }
    if (model == null) {
      throw new ConfigurationException("<finetune><model>", "is '" + f.model + "', which no"
          + " <models><model> declares");
    }
    BuiltinEngine.Settings network = null;
    if (BuiltinEngine.ID.equals(model.engine)) {
      network = new BuiltinEngine().settings(model, "<models><model> '" + model.name + "' ");
    } else if (TorchScriptEngine.ID.equals(model.engine)) {
      checkTorchScript(f, model);
    } else if (OfficialEngine.ID.equals(model.engine)) {
      checkOfficial(f, model);
    } else {
      throw new ConfigurationException("<finetune><model>", "is '" + f.model + "', whose engine is"
          + " '" + model.engine + "'; only <engine>builtin</engine> networks,"
          + " <engine>torchscript</engine> models (conventions " + String.join(", ",
              TRAINABLE_CONVENTIONS) + ") and <engine>official</engine> ChromaGAN, DeOldify and"
          + " InstColor models can be fine-tuned");
    }
    DatasetConfig dataset = null;
    for (DatasetConfig d : run.datasets) {
      if (d.name != null && d.name.equals(f.dataset)) {
        dataset = d;
      }
    }
    if (f.dataset == null || f.dataset.isBlank()) {
      throw new ConfigurationException("<finetune><dataset>", "is missing; name a <dataset>");
    }
    if (dataset == null) {
      throw new ConfigurationException("<finetune><dataset>", "is '" + f.dataset + "', which no"
          + " <datasets><dataset> declares");
    }
    split("<finetune><split>", f.split);
    if (!"none".equals(f.validationSplit)) {
      split("<finetune><validationSplit>", f.validationSplit);
    }
    positive("<finetune><epochs>", f.epochs, 100_000);
    positive("<finetune><batchSize>", f.batchSize, 65_536);
    positive("<finetune><gradientAccumulation>", f.gradientAccumulation, 4096);
    positive("<finetune><checkpointInterval>", f.checkpointInterval, 1_000_000);
    positive("<finetune><threads>", f.threads, 1024);
    if (f.imageSize < 16 || f.imageSize > 4096 || f.imageSize % 8 != 0) {
      throw new ConfigurationException("<finetune><imageSize>", "is " + f.imageSize + "; use a"
          + " multiple of 8 from 16 to 4096 (the networks downsample three times)");
    }
    if (!(f.learningRate >= 0 && f.learningRate < 1)) {
      throw new ConfigurationException("<finetune><learningRate>", "is " + f.learningRate
          + "; use a rate above 0 and below 1 (e.g. 0.001), or 0 for the architecture's default");
    }
    if (f.patience < 0) {
      throw new ConfigurationException("<finetune><patience>", "is " + f.patience
          + "; use 0 (no early stopping) or more epochs");
    }
    if (!MONITORS.contains(f.monitor)) {
      throw new ConfigurationException("<finetune><monitor>", "is '" + f.monitor + "'; use one of: "
          + String.join(", ", MONITORS));
    }
    if (f.patience > 0 && "none".equals(f.validationSplit)) {
      throw new ConfigurationException("<finetune><patience>", "is " + f.patience + " but"
          + " <validationSplit> is none; early stopping needs validation");
    }
    List<PhaseEpochs> phases = phases(f);
    boolean chromaGan = OfficialEngine.ID.equals(model.engine)
        && ChromaGanConvention.ID.equals(model.convention.strip());
    boolean adversarial = phases.stream().anyMatch(p -> p.kind() != TrainingConfig.Kind.GENERATOR);
    if (f.discriminator != null && !f.discriminator.isBlank()) {
      checkDiscriminator(f, chromaGan, adversarial);
    }
    if (f.classTeacher != null && !f.classTeacher.isBlank() && !chromaGan) {
      throw new ConfigurationException("<finetune><classTeacher>", "is set, but only an official"
          + " ChromaGAN model trains its class head against a teacher");
    }
    boolean deOldify = OfficialEngine.ID.equals(model.engine)
        && DeOldifyConvention.ID.equals(model.convention.strip());
    checkLossOptions(f, deOldify, OfficialEngine.ID.equals(model.engine)
        && InstColorConvention.ID.equals(model.convention.strip()));
    if (deOldify && adversarial || deOldify && criticOption(model) != null) {
      checkCriticSize(f, model);
    }
    if (deOldify && criticOption(model) != null) {
      if (phases.isEmpty()) {
        // the published critic is pretrained: NoGAN's last stage, the GAN, straight away
        phases = List.of(new PhaseEpochs(TrainingConfig.Kind.GAN, f.epochs));
      } else if (!adversarial) {
        throw new ConfigurationException("<models><model> '" + model.name + "' <options><"
            + OfficialEngine.CRITIC_OPTION + ">", "names a critic, but <finetune><phases> '"
            + f.phases + "' has no critic or gan phase to train with it; add one (e.g. gan:"
            + f.epochs + ", or leave <phases> out for that) or remove the option");
      }
    }
    if (network == null && !chromaGan && !deOldify) {
      for (PhaseEpochs p : phases) {
        if (p.kind() != TrainingConfig.Kind.GENERATOR) {
          throw new ConfigurationException("<finetune><phases>", "is '" + f.phases + "', but a"
              + " " + model.engine + " model trains without a critic; use generator:" + f.epochs
              + " or leave <phases> out");
        }
      }
    }
    return new FinetuneSettings(f, model, network, dataset, phases);
  }

  /**
   * A torchscript model must be a valid model (file, sha256, convention and options) whose
   * convention maps an ab output ({@code Convention.abOutput}): not deoldify.
   */
  private static void checkTorchScript(FinetuneConfig f, ModelConfig model) {
    String element = "<models><model> '" + model.name + "' ";
    new TorchScriptEngine().validate(model, element);
    Convention convention = Conventions.byId(model.convention);
    if (convention.abOutput(model.options).isEmpty()) {
      throw new ConfigurationException("<finetune><model>", "is '" + f.model + "', a torchscript"
          + " model with <convention>" + convention.id() + "</convention>, which cannot be"
          + " fine-tuned: " + TorchScriptTrainable.unsupportedReason(convention.id())
          + "; fine-tunable conventions: " + String.join(", ", TRAINABLE_CONVENTIONS));
    }
    ModelFiles.verifySha256(Path.of(model.path), model.sha256, element);
  }

  /**
   * An {@code official} model must be a valid one of its engine (a DeOldify generator file the
   * engine recognises), trained at a size its U-Net takes.
   */
  private static void checkOfficial(FinetuneConfig f, ModelConfig model) {
    String element = "<models><model> '" + model.name + "' ";
    new OfficialEngine().validate(model, element);
    if (InstColorConvention.ID.equals(model.convention.strip())) {
      instColorStage(f);
      if (!Files.isDirectory(Path.of(model.path))) {
        throw new ConfigurationException(element + "<path>", "is '" + model.path + "', one"
            + " network's file; fine-tuning InstColor needs its checkpoint folder (with"
            + " latest_net_GComp.pth, latest_net_G.pth and latest_net_GF.pth)");
      }
      if (f.imageSize % InstColorNetworks.SIZE_MULTIPLE != 0) {
        throw new ConfigurationException("<finetune><imageSize>", "is " + f.imageSize + ";"
            + " InstColor trains on multiples of " + InstColorNetworks.SIZE_MULTIPLE
            + " (e.g. 256)");
      }
    } else if (ChromaGanConvention.ID.equals(model.convention.strip())) {
      // any size: the network reads 224 x 224, the trainable resizes to and from it
      if (f.classTeacher != null && !f.classTeacher.isBlank()) {
        Path teacher = Path.of(f.classTeacher.strip());
        if (!Files.isRegularFile(teacher)) {
          throw new ConfigurationException("<finetune><classTeacher>", "'" + f.classTeacher
              + "' is not a file; name Keras's VGG-16 ImageNet classifier"
              + " (vgg16_weights_tf_dim_ordering_tf_kernels.h5)");
        }
        try {
          Vgg16Classifier.probe(teacher);
        } catch (java.io.IOException e) {
          throw new ConfigurationException("<finetune><classTeacher>", e.getMessage());
        }
      }
    } else if (f.imageSize % DeOldifyGenerator.SIZE_MULTIPLE != 0) {
      throw new ConfigurationException("<finetune><imageSize>", "is " + f.imageSize + "; a"
          + " DeOldify generator trains on multiples of " + DeOldifyGenerator.SIZE_MULTIPLE
          + " (e.g. 256)");
    }
    OfficialEngine.verifyDigest(Path.of(model.path), model.sha256, element);
  }

  /**
   * {@code <loss>} (l1 for an official DeOldify generator, huber for an official InstColor
   * folder) and {@code <featureLoss>} (DeOldify only).
   */
  private static void checkLossOptions(FinetuneConfig f, boolean deOldify,
      boolean instColorOfficial) {
    if (f.loss != null && !f.loss.isBlank()) {
      BaseLoss loss = BaseLoss.of(f.loss.strip());
      if (loss == null) {
        throw new ConfigurationException("<finetune><loss>", "is '" + f.loss + "'; use l2,"
            + " l1 (DeOldify's) or huber (InstColor's)");
      }
      if (loss == BaseLoss.L1 && !deOldify) {
        throw new ConfigurationException("<finetune><loss>", "is l1, which only an official"
            + " DeOldify generator trains on so far (DeOldify's own base loss); leave it out"
            + " (l2)");
      }
      if (loss == BaseLoss.HUBER && !instColorOfficial) {
        throw new ConfigurationException("<finetune><loss>", "is huber, InstColor's own loss,"
            + " which only an official InstColor folder trains on; leave it out (l2)");
      }
    }
    if (f.featureLoss == null || f.featureLoss.isBlank()) {
      return;
    }
    if (!deOldify) {
      throw new ConfigurationException("<finetune><featureLoss>", "is set, but only an"
          + " official DeOldify generator trains with DeOldify's feature loss");
    }
    Path file = Path.of(f.featureLoss.strip());
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException("<finetune><featureLoss>", "'" + f.featureLoss
          + "' is not a file; name torchvision's vgg16_bn weights (vgg16_bn-6c64b313.pth)");
    }
    try {
      Vgg16BnFeatures.probe(file);
    } catch (java.io.IOException e) {
      throw new ConfigurationException("<finetune><featureLoss>", e.getMessage());
    }
  }

  /** @return the base loss on ab ({@code <loss>}, default L2) */
  public BaseLoss baseLoss() {
    return config.loss == null || config.loss.isBlank() ? BaseLoss.L2
        : BaseLoss.of(config.loss.strip());
  }

  /** @return DeOldify's feature-loss network file ({@code <featureLoss>}), or null */
  public Path featureLoss() {
    String f = config.featureLoss;
    return f == null || f.isBlank() ? null : Path.of(f.strip());
  }

  /** {@code <discriminator>}: only for ChromaGAN's adversarial phases, a discriminator file. */
  private static void checkDiscriminator(FinetuneConfig f, boolean chromaGan,
      boolean adversarial) {
    if (!chromaGan || !adversarial) {
      throw new ConfigurationException("<finetune><discriminator>", "is set, but "
          + (chromaGan ? "<phases> has no critic or gan phase to train it in (e.g. <phases>gan:"
              + f.epochs + "</phases>)" : "only an official ChromaGAN model trains against one"));
    }
    Path file = Path.of(f.discriminator.strip());
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException("<finetune><discriminator>", "'" + f.discriminator
          + "' is not a file; name ChromaGAN's discriminator (my_model_discriminatorEpoch<N>.h5)");
    }
    try (ChromaGanDiscriminator.Opened opened = ChromaGanDiscriminator.open(file)) {
      // recognised: its five convs and their shapes fit
    } catch (java.io.IOException e) {
      throw new ConfigurationException("<finetune><discriminator>", e.getMessage());
    }
  }

  /**
   * @return the discriminator an official ChromaGAN run trains against (its file, or the seed),
   *     or null when no phase is adversarial
   */
  public OfficialChromaGanTrainable.Adversary adversary() {
    boolean adversarial = phases.stream()
        .anyMatch(p -> p.kind() != TrainingConfig.Kind.GENERATOR);
    if (!officialChromaGan() || !adversarial) {
      return null;
    }
    String d = config.discriminator;
    return new OfficialChromaGanTrainable.Adversary(d == null || d.isBlank() ? null
        : Path.of(d.strip()), config.seed);
  }

  /**
   * @return DeOldify's critic an official DeOldify run trains against in its adversarial
   *     phases ({@code <options><critic>}, or an untrained one from the seed), or null when no
   *     phase is adversarial
   */
  public OfficialDeOldifyTrainable.Adversary deOldifyAdversary() {
    boolean adversarial = phases.stream()
        .anyMatch(p -> p.kind() != TrainingConfig.Kind.GENERATOR);
    if (!official() || !DeOldifyConvention.ID.equals(model.convention.strip()) || !adversarial) {
      return null;
    }
    String critic = criticOption(model);
    return new OfficialDeOldifyTrainable.Adversary(critic == null ? null
        : Path.of(critic.strip()), config.seed);
  }

  /** The critic's convolutions need images of at least {@link DeOldifyCritic#minimumSize}. */
  private static void checkCriticSize(FinetuneConfig f, ModelConfig model) {
    String option = criticOption(model);
    DeOldifyCritic critic;
    if (option == null) {
      critic = new DeOldifyCritic(DeOldifyCritic.FEATURES, DeOldifyCritic.BLOCKS);
    } else {
      try {
        critic = DeOldifyCriticFile.probe(Path.of(option.strip()));
      } catch (java.io.IOException e) {
        throw new ConfigurationException("<models><model> '" + model.name + "' <options><"
            + OfficialEngine.CRITIC_OPTION + ">", e.getMessage());
      }
    }
    if (f.imageSize < critic.minimumSize()) {
      throw new ConfigurationException("<finetune><imageSize>", "is " + f.imageSize + ", but "
          + (option == null ? "an untrained DeOldify critic (nf " + critic.features() + ", "
              + critic.blocks() + " blocks)" : "the critic " + option + " (" + critic.blocks()
              + " blocks)") + " scores images of " + critic.minimumSize() + " px and more");
    }
  }

  private static String criticOption(ModelConfig model) {
    String critic = model.options.get(OfficialEngine.CRITIC_OPTION);
    return critic == null || critic.isBlank() ? null : critic;
  }

  /** InstColor's stage: {@code <stage>} or {@code full}. */
  static OfficialInstColorTrainable.Stage instColorStage(FinetuneConfig f) {
    String id = f.stage == null || f.stage.isBlank() ? "full" : f.stage.strip();
    OfficialInstColorTrainable.Stage stage = OfficialInstColorTrainable.Stage.of(id);
    if (stage == null) {
      throw new ConfigurationException("<finetune><stage>", "is '" + f.stage + "'; use full,"
          + " instance or fusion (InstColor's three training stages)");
    }
    return stage;
  }

  /** @return whether the model is an official InstColor checkpoint folder */
  public boolean officialInstColor() {
    return official() && InstColorConvention.ID.equals(model.convention.strip());
  }

  /** @return ChromaGAN's class teacher file ({@code <classTeacher>}), or null */
  public Path classTeacher() {
    String t = config.classTeacher;
    return officialChromaGan() && t != null && !t.isBlank() ? Path.of(t.strip()) : null;
  }

  /** @return whether the model is an official ChromaGAN {@code .h5} */
  public boolean officialChromaGan() {
    return official() && ChromaGanConvention.ID.equals(model.convention.strip());
  }

  /** @return the InstColor stage this run trains ({@link #officialInstColor()} only) */
  public OfficialInstColorTrainable.Stage stage() {
    return instColorStage(config);
  }

  /** @return whether the model is an imported TorchScript module */
  public boolean torchScript() {
    return network == null && !official();
  }

  /** @return whether the model is an author's published network ({@code official} engine) */
  public boolean official() {
    return OfficialEngine.ID.equals(model.engine);
  }

  /** @return whether the model comes from a file of another engine (not a builtin network) */
  public boolean imported() {
    return network == null;
  }

  /**
   * @return the exported model's file suffix: {@code .pt}, {@code .pth}, {@code .h5} or
   *     {@code .builtin}
   */
  public String modelExtension() {
    // an InstColor export is a checkpoint folder, named after the model alone
    return officialInstColor() ? "" : officialChromaGan() ? ".h5" : official() ? ".pth"
        : torchScript() ? ".pt" : ".builtin";
  }

  /** @return what is trained, for progress lines: e.g. {@code chromagan small} */
  public String describeNetwork() {
    if (officialInstColor()) {
      return "official instcolor folder " + model.path + ", stage " + stage().id();
    }
    if (official()) {
      return "official " + model.convention + " file " + model.path;
    }
    return torchScript() ? "torchscript " + model.convention + " module " + model.path
        : network.architecture().id() + " " + network.size().id();
  }

  private static void split(String element, String value) {
    try {
      SplitFilter.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element, "is '" + value + "'; use train, val, test or all");
    }
  }

  private static void positive(String element, long value, long max) {
    if (value < 1 || value > max) {
      throw new ConfigurationException(element, "is " + value + "; use 1 to " + max);
    }
  }

  private static List<PhaseEpochs> phases(FinetuneConfig f) {
    List<PhaseEpochs> phases = new ArrayList<>();
    if (f.phases == null || f.phases.isBlank()) {
      return phases;
    }
    int total = 0;
    for (String entry : f.phases.split(",")) {
      String[] parts = entry.strip().split(":");
      TrainingConfig.Kind kind = null;
      int epochs = -1;
      if (parts.length == 2) {
        try {
          kind = TrainingConfig.Kind.valueOf(parts[0].strip().toUpperCase(Locale.ROOT));
          epochs = Integer.parseInt(parts[1].strip());
        } catch (IllegalArgumentException e) {
          kind = null;
        }
      }
      if (kind == null || epochs < 1) {
        throw new ConfigurationException("<finetune><phases>", "has '" + entry.strip() + "'; write"
            + " kind:epochs pairs separated by commas, kinds generator, critic or gan, e.g."
            + " generator:6,critic:2,gan:2");
      }
      phases.add(new PhaseEpochs(kind, epochs));
      total += epochs;
    }
    if (total != f.epochs) {
      throw new ConfigurationException("<finetune><phases>", "'" + f.phases + "' add up to "
          + total + " epochs but <epochs> is " + f.epochs + "; make them agree");
    }
    return phases;
  }

  /** @return the monitored column's improvement test: is {@code candidate} better than best? */
  public boolean better(double candidate, double best) {
    return switch (config.monitor) {
      case "psnr", "ssim" -> candidate > best;
      case "colorfulness_delta" -> Math.abs(candidate) < Math.abs(best);
      default -> candidate < best;
    };
  }
}
