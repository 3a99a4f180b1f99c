package dev.colorize.model.official.deoldify;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.colorize.model.official.PthWeights;
import dev.colorize.model.official.SeededWeights;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.PthWriter;
import dev.colorize.model.official.pth.StateDict;
import dev.colorize.model.official.pth.TorchTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes DeOldify critic files ({@code ColorizeArtistic_crit.pth}: fastai's
 * {@code Learner.save}, usually with its optimiser state beside the weights). The critic's size
 * ({@code nf}, {@code n_blocks}) is recognised from the file's keys and shapes.
 */
public final class DeOldifyCriticFile {

  private static final String FIRST = "0.0.weight_orig";

  private DeOldifyCriticFile() {}

  /**
   * A critic opened for reading: the network, not yet initialised, reading from the open file.
   * Close it once the critic is initialised.
   */
  public record Opened(DeOldifyCritic critic, PthWeights weights, PthFile file,
      String description) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  /**
   * Opens a critic file and recognises its size from the pickle (no tensor data is read yet).
   *
   * @throws UnrecognisedModelException when it is no DeOldify critic
   * @throws IOException when it is no readable, safe {@code .pth}
   */
  public static Opened open(Path file) throws IOException {
    PthFile pth = PthFile.open(file);
    try {
      StateDict stateDict = StateDict.of(pth.root(), file.toString());
      DeOldifyCritic critic = recognise(stateDict, file);
      String description = "DeOldify critic (custom_gan_critic, nf " + critic.features() + ", "
          + critic.blocks() + " blocks) from " + file.getFileName() + " ("
          + pth.format().name().toLowerCase(Locale.ROOT) + " .pth, " + stateDict.wrapping()
          + ")";
      return new Opened(critic, new PthWeights(pth, stateDict), pth, description);
    } catch (IOException | RuntimeException e) {
      pth.close();
      throw e;
    }
  }

  /**
   * Recognises a file as a critic (reads its pickle, no tensor data), for checking options.
   *
   * @return the critic it holds, not initialised
   */
  public static DeOldifyCritic probe(Path file) throws IOException {
    try (Opened opened = open(file)) {
      return opened.critic();
    }
  }

  /**
   * The critic whose layout the state dict matches exactly: nf from the first convolution,
   * the block count from the last one's key.
   *
   * @throws UnrecognisedModelException naming the file and the first key or shape that did not
   *     fit
   */
  static DeOldifyCritic recognise(StateDict stateDict, Path file)
      throws UnrecognisedModelException {
    Map<String, TorchTensor> tensors = stateDict.tensors();
    TorchTensor first = tensors.get(FIRST);
    if (first == null || first.shape().length != 4 || first.shape()[1] != 3) {
      throw new UnrecognisedModelException(file + " is not a DeOldify critic: "
          + (first == null ? "it has no key '" + FIRST + "'" : "its '" + FIRST + "' has shape "
              + first.shapeText() + ", not [nf, 3, 4, 4]") + " (custom_gan_critic's first"
          + " spectral-norm convolution)" + hint(tensors) + ".");
    }
    int features = Math.toIntExact(first.shape()[0]);
    int top = -1;
    for (String key : tensors.keySet()) {
      int dot = key.indexOf('.');
      if (dot > 0 && key.substring(0, dot).chars().allMatch(Character::isDigit)) {
        top = Math.max(top, Integer.parseInt(key.substring(0, dot)));
      }
    }
    int blocks = (top - 3) / 3;
    if (blocks < 1 || top != 3 + 3 * blocks || features % 8 != 0) {
      throw new UnrecognisedModelException(file + " is not a DeOldify critic: its last layer"
          + " is '" + top + "' and nf is " + features + "; custom_gan_critic ends at 3 + 3"
          + " n_blocks with nf a multiple of 8.");
    }
    TorchLayout layout = DeOldifyCritic.layout(features, blocks);
    Optional<String> why = layout.mismatch(tensors);
    if (why.isPresent()) {
      throw new UnrecognisedModelException(file + " is not a DeOldify critic: as"
          + " custom_gan_critic(nf=" + features + ", n_blocks=" + blocks + ") the file "
          + why.get() + ".");
    }
    return new DeOldifyCritic(features, blocks);
  }

  /** A generator file named as a critic gets its own hint. */
  private static String hint(Map<String, TorchTensor> tensors) {
    return tensors.containsKey("layers.0.0.weight") ? "; it looks like a DeOldify generator"
        + " (_gen.pth), not its critic (_crit.pth)" : "";
  }

  /**
   * Writes a critic's current weights as fastai's {@code Learner.save(with_opt=False)} does: a
   * bare state dict, in PyTorch's legacy format; DeOldify's {@code learn_crit.load} reads it.
   */
  public static void write(DeOldifyCritic critic, Path file) throws IOException {
    PthWriter.writeLegacy(file, critic.stateDict(0));
  }

  /**
   * The weights of an untrained critic from {@code seed} ({@link SeededWeights}: He-normal
   * convolutions, zero biases and attention gamma), for DeOldify's critic pretraining from
   * scratch.
   */
  public static SeededWeights seeded(DeOldifyCritic critic, long seed) {
    return new SeededWeights(critic.layout(), seed, key -> false);
  }

  /** Writes an untrained critic of a size, in the published layout and format, from a seed. */
  public static void writeSeeded(int features, int blocks, long seed, Path file)
      throws IOException {
    DeOldifyCritic critic = new DeOldifyCritic(features, blocks);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      critic.load(manager, seeded(critic, seed), new Shape(1, 3, 64, 64));
      write(critic, file);
    }
  }
}
