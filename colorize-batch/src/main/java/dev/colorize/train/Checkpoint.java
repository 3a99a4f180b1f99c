package dev.colorize.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoints of a training run: directories {@code checkpoints/step-NNNNNNNN/} holding
 * {@code generator.params} (DJL {@link Block#saveParameters} format), {@code adam.bin}
 * ({@link Adam#save}) and {@code state.json} ({@link TrainingState}), plus {@code critic.params}
 * and {@code critic-adam.bin} for models with a {@link Critic}. Each is written into a
 * hidden temporary directory, synced, then renamed into place in one atomic move, so a crash
 * leaves either a complete checkpoint or none; {@link #latest} ignores temporaries.
 */
public final class Checkpoint {
  /** Version of the layout above; bumped on incompatible change. */
  public static final int FORMAT_VERSION = 1;

  static final String GENERATOR = "generator.params";
  static final String OPTIMISER = "adam.bin";
  static final String STATE = "state.json";
  static final String CRITIC = "critic.params";
  static final String CRITIC_OPTIMISER = "critic-adam.bin";
  private static final Pattern NAME = Pattern.compile("step-(\\d{8})");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Checkpoint() {}

  /**
   * Writes a checkpoint and prunes old ones.
   *
   * @param root the {@code checkpoints} directory
   * @param state run state
   * @param generator block whose parameters are saved
   * @param adam optimiser state
   * @param critic critic block, or null
   * @param criticAdam critic optimiser state, or null
   * @param keep checkpoints to keep
   * @return the new checkpoint directory
   * @throws TrainingException on I/O failure
   */
  public static Path write(Path root, TrainingState state, Block generator, Adam adam,
      Block critic, Adam criticAdam, int keep) {
    Path target = root.resolve(String.format("step-%08d", state.step()));
    Path temp = root.resolve(".tmp-" + target.getFileName());
    try {
      Files.createDirectories(root);
      deleteTree(temp);
      Files.createDirectories(temp);
      try (DataOutputStream out = open(temp.resolve(GENERATOR))) {
        generator.saveParameters(out);
      }
      try (DataOutputStream out = open(temp.resolve(OPTIMISER))) {
        adam.save(out);
      }
      List<String> files = new ArrayList<>(List.of(GENERATOR, OPTIMISER, STATE));
      if (critic != null) {
        try (DataOutputStream out = open(temp.resolve(CRITIC))) {
          critic.saveParameters(out);
        }
        try (DataOutputStream out = open(temp.resolve(CRITIC_OPTIMISER))) {
          criticAdam.save(out);
        }
        files.addAll(List.of(CRITIC, CRITIC_OPTIMISER));
      }
      try (OutputStream out = Files.newOutputStream(temp.resolve(STATE))) {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, state);
      }
      for (String file : files) {
        sync(temp.resolve(file));
      }
      deleteTree(target); // a checkpoint of the same step from a run that was cut short
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      prune(root, keep);
      return target;
    } catch (IOException e) {
      throw new TrainingException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param root the {@code checkpoints} directory (may be absent)
   * @return the complete checkpoint with the highest step, if any
   */
  public static Optional<Path> latest(Path root) {
    return list(root).stream().reduce((a, b) -> b);
  }

  /**
   * Loads a checkpoint into an initialised generator and an optimiser of the same shape.
   *
   * @param dir checkpoint directory
   * @param generator block to load into (initialised, same architecture)
   * @param manager owns the loaded parameter arrays
   * @param adam optimiser to restore
   * @param critic critic block to load into, or null; a checkpoint without critic files leaves
   *     it as initialised (a GAN phase after a generator-only start)
   * @param criticAdam critic optimiser to restore, or null
   * @return the run state
   * @throws TrainingException if a file is missing, of another format version or mismatched
   */
  public static TrainingState load(Path dir, Block generator, NDManager manager, Adam adam,
      Block critic, Adam criticAdam) {
    try {
      TrainingState state = readState(dir);
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          Files.newInputStream(dir.resolve(GENERATOR))))) {
        generator.loadParameters(manager, in);
      }
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          Files.newInputStream(dir.resolve(OPTIMISER))))) {
        adam.load(in);
      }
      if (critic != null && Files.exists(dir.resolve(CRITIC))) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
            Files.newInputStream(dir.resolve(CRITIC))))) {
          critic.loadParameters(manager, in);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
            Files.newInputStream(dir.resolve(CRITIC_OPTIMISER))))) {
          criticAdam.load(in);
        }
      }
      return state;
    } catch (IOException | MalformedModelException e) {
      throw new TrainingException("cannot load checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param dir checkpoint directory
   * @return its state
   * @throws IOException if unreadable
   */
  public static TrainingState readState(Path dir) throws IOException {
    TrainingState state = JSON.readValue(dir.resolve(STATE).toFile(), TrainingState.class);
    if (state.formatVersion() != FORMAT_VERSION) {
      throw new TrainingException("checkpoint " + dir + " has format version "
          + state.formatVersion() + ", this build reads " + FORMAT_VERSION);
    }
    return state;
  }

  static List<Path> list(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .sorted(Comparator.comparingLong(Checkpoint::stepOf)).toList();
    } catch (IOException e) {
      throw new TrainingException("cannot list checkpoints in " + root + ": " + e.getMessage(), e);
    }
  }

  private static long stepOf(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static void prune(Path root, int keep) throws IOException {
    List<Path> all = list(root);
    for (int i = 0; i < all.size() - keep; i++) {
      deleteTree(all.get(i));
    }
  }

  private static DataOutputStream open(Path file) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
  }

  private static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
