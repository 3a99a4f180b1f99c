package dev.colorize.model.official.instcolor;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.colorize.model.official.PthWeights;
import dev.colorize.model.official.SeededWeights;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.WeightSource;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.PthWriter;
import dev.colorize.model.official.pth.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * InstColor's published checkpoint folder (e.g. {@code checkpoints/coco_finetuned_mask_256_ffs}):
 * {@code latest_net_GComp.pth} (the full-image network), {@code latest_net_G.pth} (the instance
 * network) and {@code latest_net_GF.pth} (the fusion network), each a state dict in PyTorch's
 * legacy or zip format, bare or with DataParallel's prefix. Each file is checked against its
 * network's layout; a folder missing a file, or a file that holds another network, fails with one
 * sentence. A single {@code SIGGRAPHGenerator} {@code .pth} instead of the folder is read as the
 * full-image network alone.
 */
public final class InstColorFolder {

  /** One of the three networks: its file in the folder, its key prefix in the block, its name. */
  public enum Role {
    FULL("latest_net_GComp.pth", InstColorNetworks.FULL, "full-image network (GComp,"
        + " SIGGRAPHGenerator)"),
    INSTANCE("latest_net_G.pth", InstColorNetworks.INSTANCE, "instance network (G,"
        + " InstanceGenerator)"),
    FUSION("latest_net_GF.pth", InstColorNetworks.FUSION, "fusion network (GF,"
        + " FusionGenerator)");

    private final String file;
    private final String prefix;
    private final String description;

    Role(String file, String prefix, String description) {
      this.file = file;
      this.prefix = prefix;
      this.description = description;
    }

    public String file() {
      return file;
    }

    String prefix() {
      return prefix;
    }

    public String description() {
      return description;
    }

    TorchLayout layout() {
      return this == FUSION ? InstColorNetworks.fusionLayout()
          : InstColorNetworks.siggraphLayout();
    }
  }

  private InstColorFolder() {}

  /**
   * The networks read from a path.
   *
   * @param networks the block, its parameters in the manager given to {@link #load}
   * @param description what was recognised, for the log and run.json
   */
  public record Loaded(InstColorNetworks networks, String description) {}

  /** The roles a path provides: all three for a folder, the full-image network for a file. */
  static List<Role> roles(Path path) {
    return Files.isDirectory(path) ? List.of(Role.values()) : List.of(Role.FULL);
  }

  static Path file(Path path, Role role) throws IOException {
    if (!Files.isDirectory(path)) {
      return path;
    }
    Path file = path.resolve(role.file());
    if (!Files.isRegularFile(file)) {
      throw new UnrecognisedModelException(path + " is not an InstColor checkpoint folder: it has"
          + " no " + role.file() + " (the " + role.description() + "); it needs "
          + Role.FULL.file() + ", " + Role.INSTANCE.file() + " and " + Role.FUSION.file());
    }
    return file;
  }

  /**
   * Checks every file's keys and shapes from its pickle alone (no tensor data is read).
   *
   * @return what the path holds, in one phrase
   * @throws UnrecognisedModelException when a file is missing or holds something else
   * @throws IOException when a file is no readable, safe {@code .pth}
   */
  public static String probe(Path path) throws IOException {
    for (Role role : roles(path)) {
      Path file = file(path, role);
      try (PthFile pth = PthFile.open(file)) {
        recognise(StateDict.of(pth.root(), file.toString()), file, role);
      }
    }
    return roles(path).size() == 1 ? "InstColor full-image network only"
        : "InstColor full-image, instance and fusion networks";
  }

  /**
   * Reads the networks into native arrays of {@code manager}, each tensor streamed from its
   * file.
   */
  public static Loaded load(Path path, NDManager manager) throws IOException {
    try (Opened opened = open(path, key -> true)) {
      opened.networks().load(manager, opened.weights(), inputShape());
      return new Loaded(opened.networks(), opened.description());
    }
  }

  /**
   * Checked, open files whose tensors are read when the networks are initialised (by
   * {@link #load}, or by a training loop after {@link InstColorNetworks#useWeights}). Close it
   * once they are read.
   *
   * @param networks the block, not yet initialised
   * @param weights the files' tensors by the block's keys
   */
  public record Opened(InstColorNetworks networks, WeightSource weights, String description,
      List<PthFile> files) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      for (PthFile pth : files) {
        pth.close();
      }
    }
  }

  /**
   * Opens and checks the files of a path.
   *
   * @param trained the keys fine-tuning may update (all for inference)
   */
  public static Opened open(Path path, java.util.function.Predicate<String> trained)
      throws IOException {
    List<Role> roles = roles(path);
    List<PthFile> open = new ArrayList<>();
    try {
      Map<String, WeightSource> sources = new LinkedHashMap<>();
      List<String> parts = new ArrayList<>();
      for (Role role : roles) {
        Path file = file(path, role);
        PthFile pth = PthFile.open(file);
        open.add(pth);
        StateDict stateDict = StateDict.of(pth.root(), file.toString());
        recognise(stateDict, file, role);
        sources.put(role.prefix(), new PthWeights(pth, stateDict));
        parts.add(role.description() + " from " + file.getFileName() + " ("
            + pth.format().name().toLowerCase(Locale.ROOT) + " .pth, " + stateDict.wrapping()
            + ")");
      }
      InstColorNetworks networks = new InstColorNetworks(roles.size() > 1, trained);
      String description = "InstColor " + String.join("; ", parts)
          + (roles.size() == 1 ? "; no instance fusion" : "");
      return new Opened(networks, byPrefix(sources), description, List.copyOf(open));
    } catch (IOException | RuntimeException e) {
      for (PthFile pth : open) {
        pth.close();
      }
      throw e;
    }
  }

  /** Reads key {@code <prefix><key>} of the block as {@code <key>} of the prefix's source. */
  static WeightSource byPrefix(Map<String, WeightSource> sources) {
    return (entry, manager) -> {
      for (Map.Entry<String, WeightSource> s : sources.entrySet()) {
        if (entry.key().startsWith(s.getKey())) {
          return s.getValue().read(new TorchLayout.Entry(entry.key().substring(
              s.getKey().length()), entry.shape(), entry.trainable()), manager);
        }
      }
      throw new IllegalStateException("no weights for " + entry.key());
    };
  }

  /** A shape to initialise the networks with (they infer nothing from it). */
  public static Shape inputShape() {
    int s = InstColorNetworks.SIZE_MULTIPLE;
    return new Shape(1, 1, s, s);
  }

  /**
   * Writes the networks' current weights as the authors' checkpoint folder: one bare state dict
   * per network in PyTorch's legacy format, with every batch norm's {@code num_batches_tracked}.
   */
  public static void write(InstColorNetworks networks, Path folder) throws IOException {
    Files.createDirectories(folder);
    for (Role role : networks.hasInstances() ? List.of(Role.values()) : List.of(Role.FULL)) {
      List<PthWriter.Tensor> tensors = new ArrayList<>();
      for (PthWriter.Tensor t : networks.stateDict(0)) {
        if (t.key().startsWith(role.prefix())) {
          tensors.add(PthWriter.renamed(t, t.key().substring(role.prefix().length())));
        }
      }
      PthWriter.writeLegacy(folder.resolve(role.file()), tensors);
    }
  }

  /**
   * Writes untrained networks in the published layout and format, from a seed
   * ({@link SeededWeights}).
   */
  public static void writeSeeded(long seed, Path folder) throws IOException {
    InstColorNetworks networks = new InstColorNetworks(true);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      networks.load(manager, new SeededWeights(networks.layout(), seed, key -> false),
          inputShape());
      write(networks, folder);
    }
  }

  /**
   * Checks that a state dict is the network of its role.
   *
   * @throws UnrecognisedModelException naming the file, what it should be and the first key or
   *     shape that did not fit (and what it is, when it is another of the three)
   */
  static void recognise(StateDict stateDict, Path file, Role role)
      throws UnrecognisedModelException {
    var why = role.layout().mismatch(stateDict.tensors());
    if (why.isEmpty()) {
      return;
    }
    String other = "";
    if (role != Role.FUSION
        && InstColorNetworks.fusionLayout().mismatch(stateDict.tensors()).isEmpty()) {
      other = " (it holds InstColor's fusion network)";
    } else if (role == Role.FUSION
        && InstColorNetworks.siggraphLayout().mismatch(stateDict.tensors()).isEmpty()) {
      other = " (it holds a SIGGRAPHGenerator: a full-image or instance network)";
    }
    throw new UnrecognisedModelException(file + " is not InstColor's " + role.description()
        + other + ": the file " + why.orElseThrow() + ".");
  }
}
