package dev.colorize.model.official.deoldify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.colorize.model.official.Float32Error;
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.PythonTorch;
import dev.colorize.model.official.RawFloats;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.train.Critic;
import dev.colorize.train.SplitMix64;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeOldify's NoGAN critic in colorize ({@link DeOldifyCritic}, {@link DeOldifyCriticFile}, the
 * loop's {@link Critic.BinaryCrossEntropy}) against an independent PyTorch
 * {@code custom_gan_critic} ({@code scripts/models/official/deoldify_critic_reference.py}) with
 * seeded weights in the published key layout, written as fastai's {@code Learner.save} stores
 * it (legacy format with the optimiser's numpy hyper-parameters beside the weights; zip format,
 * bare): eval-mode logits, both losses and their gradients, and one training pass with given
 * dropout masks (real images, then generated ones, each with a spectral power iteration).
 */
class DeOldifyCriticReferenceTest {

  static final int N = 2;
  static final int SIZE = 96;
  static final int FEATURES = 16;
  static final int BLOCKS = 3;

  @TempDir static Path dir;
  static float[] real;
  static float[] fake;
  static List<Path> files;
  static NDList[] masks = new NDList[2];
  static float[][] maskValues = new float[2][];

  @BeforeAll
  static void reference() throws Exception {
    PythonTorch.require();
    real = GrayPhotos.imagenetInput(GrayPhotos.batch(N, SIZE, SIZE, 3));
    fake = GrayPhotos.imagenetInput(GrayPhotos.batch(N, SIZE, SIZE, 4));
    // tint the generated images, so that the two kinds differ in colour as well
    int plane = SIZE * SIZE;
    for (int i = 0; i < N; i++) {
      for (int p = 0; p < plane; p++) {
        fake[(i * 3) * plane + p] += 0.4f * (float) Math.sin(p * 0.01);
        fake[(i * 3 + 2) * plane + p] -= 0.3f;
      }
    }
    RawFloats.write(dir.resolve("real.f32"), real);
    RawFloats.write(dir.resolve("fake.f32"), fake);
    DeOldifyCritic critic = new DeOldifyCritic(FEATURES, BLOCKS);
    SplitMix64 noise = new SplitMix64(11);
    List<Float> all = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      for (int pass = 0; pass < 2; pass++) {
        NDList list = critic.dropoutMasks(N, noise::nextFloat, manager);
        List<Float> values = new ArrayList<>();
        for (NDArray mask : list) {
          for (float v : mask.toFloatArray()) {
            values.add(v);
          }
        }
        maskValues[pass] = toArray(values);
        all.addAll(values);
      }
    }
    RawFloats.write(dir.resolve("masks.f32"), toArray(all));
    files = List.of(dir.resolve("legacy-fastai.pth"), dir.resolve("zip-bare.pth"));
    PythonTorch.run("deoldify_critic_reference.py", List.of("--nf", "" + FEATURES, "--blocks",
        "" + BLOCKS, "--seed", "7", "--weights", files.get(0).toString(), "--format", "legacy",
        "--wrap", "fastai", "--weights", files.get(1).toString(), "--format", "zip", "--wrap",
        "bare", "--real", dir.resolve("real.f32").toString(), "--fake",
        dir.resolve("fake.f32").toString(), "--shape", N + ",3," + SIZE + "," + SIZE, "--out",
        dir.toString(), "--masks", dir.resolve("masks.f32").toString()));
  }

  private static float[] toArray(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static float[] read(String name) throws Exception {
    return RawFloats.read(dir.resolve(name));
  }

  private static DeOldifyCritic load(Path file, NDManager manager) throws Exception {
    try (DeOldifyCriticFile.Opened opened = DeOldifyCriticFile.open(file)) {
      DeOldifyCritic critic = opened.critic();
      critic.load(manager, opened.weights(), new Shape(N, 3, SIZE, SIZE));
      for (Pair<String, Parameter> p : critic.getParameters()) {
        if (p.getValue().requiresGradient()) {
          p.getValue().getArray().setRequiresGradient(true);
        }
      }
      return critic;
    }
  }

  @Test
  void bothFileFormatsAreRecognisedWithTheirSize() throws Exception {
    for (Path file : files) {
      DeOldifyCritic critic = DeOldifyCriticFile.probe(file);
      assertEquals(FEATURES, critic.features());
      assertEquals(BLOCKS, critic.blocks());
      try (DeOldifyCriticFile.Opened opened = DeOldifyCriticFile.open(file)) {
        assertTrue(opened.description().contains("nf " + FEATURES + ", " + BLOCKS + " blocks"),
            opened.description());
      }
    }
    try (DeOldifyCriticFile.Opened opened = DeOldifyCriticFile.open(files.get(0))) {
      assertTrue(opened.description().contains("fastai"),
          "the legacy file is fastai's {'model', 'opt'} wrapping: " + opened.description());
    }
  }

  @Test
  void evalLogitsLossesAndGradientsMatchTheReference() throws Exception {
    float[] losses = read("losses.f32");
    for (Path file : files) {
      try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
        DeOldifyCritic critic = load(file, manager);
        Shape shape = new Shape(N, 3, SIZE, SIZE);
        NDArray x = manager.create(real, shape);
        NDArray y = manager.create(fake, shape);
        y.setRequiresGradient(true);
        float criticLoss;
        float adversarial;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          ParameterStore store = new ParameterStore(manager, false);
          NDArray realScores = critic.forward(store, new NDList(x), false).head();
          NDArray fakeScores = critic.forward(store, new NDList(y.stopGradient()), false)
              .head();
          assertEquals(new Shape(N, 9), realScores.getShape(), "3 x 3 patches at 96 px");
          Float32Error.assertWithin(file.getFileName() + " real logits",
              read("scores-real.f32"), read("scores64-real.f32"), realScores.toFloatArray(),
              1e-5f);
          Float32Error.assertWithin(file.getFileName() + " fake logits",
              read("scores-fake.f32"), read("scores64-fake.f32"), fakeScores.toFloatArray(),
              1e-5f);
          NDArray loss = Critic.BinaryCrossEntropy.criticLoss(realScores, fakeScores);
          criticLoss = loss.getFloat();
          collector.backward(loss);
        }
        assertEquals(losses[2], criticLoss, 1e-5, "critic loss");
        for (TorchLayout.Entry e : critic.layout().entries()) {
          if (e.trainable()) {
            float[] expected = read("grad64-" + e.key() + ".f32");
            float scale = Float32Error.scale(expected);
            assertTrue(scale > 0, e.key() + ": the reference's gradient is zero");
            Float32Error.assertWithin("critic-loss gradient of " + e.key(),
                read("grad-" + e.key() + ".f32"), expected,
                critic.parameter(e.key()).getArray().getGradient().toFloatArray(),
                1e-4f * scale);
          }
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray term = Critic.BinaryCrossEntropy.generatorLoss(critic.forward(
              new ParameterStore(manager, false), new NDList(y), false).head());
          adversarial = term.getFloat();
          collector.backward(term);
        }
        assertEquals(losses[3], adversarial, 1e-5, "generator's adversarial term");
        float[] expected = read("grad64-fake.f32");
        Float32Error.assertWithin("adversarial gradient by the generated images",
            read("grad-fake.f32"), expected, y.getGradient().toFloatArray(),
            1e-4f * Float32Error.scale(expected));
      }
    }
  }

  @Test
  void oneTrainingPassWithDropoutMasksMatchesTheReference() throws Exception {
    float[] trainLosses = read("train-losses.f32");
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      DeOldifyCritic critic = load(files.get(0), manager);
      Shape shape = new Shape(N, 3, SIZE, SIZE);
      float loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        ParameterStore store = new ParameterStore(manager, false);
        NDList realInputs = new NDList(manager.create(real, shape));
        NDList fakeInputs = new NDList(manager.create(fake, shape));
        realInputs.addAll(split(critic, maskValues[0], manager));
        fakeInputs.addAll(split(critic, maskValues[1], manager));
        NDArray realScores = critic.forward(store, realInputs, true).head();
        NDArray fakeScores = critic.forward(store, fakeInputs, true).head();
        NDArray total = Critic.BinaryCrossEntropy.criticLoss(realScores, fakeScores);
        loss = total.getFloat();
        collector.backward(total);
      }
      assertEquals(trainLosses[1], loss, 1e-5, "training-pass critic loss");
      assertTrue(Math.abs(trainLosses[1] - read("losses.f32")[2]) > 1e-3,
          "dropout and the power iterations change the loss, so the pass tests them");
      for (TorchLayout.Entry e : critic.layout().entries()) {
        if (e.trainable()) {
          float[] expected = read("train-grad64-" + e.key() + ".f32");
          Float32Error.assertWithin("training-pass gradient of " + e.key(),
              read("train-grad-" + e.key() + ".f32"), expected,
              critic.parameter(e.key()).getArray().getGradient().toFloatArray(),
              1e-4f * Float32Error.scale(expected));
        }
      }
      List<Float> us = new ArrayList<>();
      for (TorchLayout.Entry e : critic.layout().entries()) {
        if (e.key().endsWith(".weight_u")) {
          for (float v : critic.parameter(e.key()).getArray().toFloatArray()) {
            us.add(v);
          }
        }
      }
      float[] expected = read("train-u.f32");
      float[] actual = toArray(us);
      assertEquals(expected.length, actual.length);
      for (int i = 0; i < actual.length; i++) {
        assertEquals(expected[i], actual[i], 1e-4, "spectral u " + i + " after two passes");
      }
    }
  }

  /** Masks as the critic takes them, from their flat values ({@code [N, C, 1, 1]} each). */
  private static NDList split(DeOldifyCritic critic, float[] values, NDManager manager) {
    NDList list = new NDList();
    int offset = 0;
    for (int channels : critic.dropoutChannels()) {
      float[] part = java.util.Arrays.copyOfRange(values, offset, offset + N * channels);
      list.add(manager.create(part, new Shape(N, channels, 1, 1)));
      offset += N * channels;
    }
    assertEquals(values.length, offset);
    return list;
  }

  @Test
  void writtenAndReadBackTheCriticIsTheSame() throws Exception {
    Path copy = dir.resolve("copy_crit.pth");
    float[] first;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      DeOldifyCritic critic = load(files.get(1), manager);
      first = critic.forward(new ParameterStore(manager, false),
          new NDList(manager.create(real, new Shape(N, 3, SIZE, SIZE))), false).head()
          .toFloatArray();
      DeOldifyCriticFile.write(critic, copy);
    }
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] again = load(copy, manager).forward(new ParameterStore(manager, false),
          new NDList(manager.create(real, new Shape(N, 3, SIZE, SIZE))), false).head()
          .toFloatArray();
      assertArrayEquals(first, again, "written and read back, the critic is the same");
    }
    // and PyTorch loads colorize's file strictly, to the same logits
    java.nio.file.Files.createDirectories(dir.resolve("reload"));
    PythonTorch.run("deoldify_critic_reference.py", List.of("--nf", "" + FEATURES, "--blocks",
        "" + BLOCKS, "--load", copy.toString(), "--real", dir.resolve("real.f32").toString(),
        "--fake", dir.resolve("fake.f32").toString(), "--shape", N + ",3," + SIZE + "," + SIZE,
        "--out", dir.resolve("reload").toString()));
    float[] reloaded = RawFloats.read(dir.resolve("reload").resolve("scores-real.f32"));
    for (int i = 0; i < first.length; i++) {
      assertEquals(first[i], reloaded[i], 1e-5, "PyTorch's logit " + i + " of the export");
    }
  }
}
