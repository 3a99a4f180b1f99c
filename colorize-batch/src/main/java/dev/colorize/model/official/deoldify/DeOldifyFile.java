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
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Recognises which DeOldify generator a state dict holds, from its keys and shapes alone. */
public final class DeOldifyFile {

  private static final Map<DeOldifyVariant, TorchLayout> LAYOUTS =
      new EnumMap<>(DeOldifyVariant.class);

  static {
    for (DeOldifyVariant v : DeOldifyVariant.values()) {
      LAYOUTS.put(v, DeOldifyGenerator.layout(v));
    }
  }

  private DeOldifyFile() {}

  /**
   * A generator read from a file.
   *
   * @param variant what the file holds
   * @param generator the network, its parameters in the manager given to {@link #load}
   * @param description variant, container format and wrapping, for the log and run.json
   */
  public record Loaded(DeOldifyVariant variant, DeOldifyGenerator generator,
      String description) {}

  /**
   * Recognises a file's variant from its pickle alone (no tensor data is read).
   *
   * @throws UnrecognisedModelException when it is no DeOldify generator
   * @throws IOException when it is no readable, safe {@code .pth}
   */
  public static DeOldifyVariant probe(Path file) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      return recognise(StateDict.of(pth.root(), file.toString()), file);
    }
  }

  /**
   * Reads a generator file into native arrays of {@code manager}, each tensor streamed from the
   * file into its array.
   *
   * @throws UnrecognisedModelException when it is no DeOldify generator
   * @throws IOException when it is no readable, safe {@code .pth}
   */
  public static Loaded load(Path file, NDManager manager) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      StateDict stateDict = StateDict.of(pth.root(), file.toString());
      DeOldifyVariant variant = recognise(stateDict, file);
      DeOldifyGenerator generator = new DeOldifyGenerator(variant);
      generator.load(manager, new PthWeights(pth, stateDict), new Shape(1, 3,
          DeOldifyGenerator.SIZE_MULTIPLE, DeOldifyGenerator.SIZE_MULTIPLE));
      String description = "DeOldify " + variant.id() + " generator (" + variant.description()
          + ") from " + file.getFileName() + " (" + pth.format().name().toLowerCase(Locale.ROOT)
          + " .pth, " + stateDict.wrapping() + ")";
      return new Loaded(variant, generator, description);
    }
  }

  /** The layout of a variant (shared, immutable in use). */
  public static TorchLayout layout(DeOldifyVariant variant) {
    return LAYOUTS.get(variant);
  }

  /**
   * Writes a generator's current weights as the published files are stored: a bare state dict
   * in PyTorch's legacy format, with every batch norm's {@code num_batches_tracked}.
   */
  public static void write(DeOldifyGenerator generator, Path file) throws IOException {
    PthWriter.writeLegacy(file, generator.stateDict(0));
  }

  /**
   * Writes an untrained generator of a variant, in the published layout and format, from a seed
   * ({@link SeededWeights}; the last batch norm of each encoder residual branch starts at zero).
   */
  public static void writeSeeded(DeOldifyVariant variant, long seed, Path file)
      throws IOException {
    DeOldifyGenerator generator = new DeOldifyGenerator(variant);
    String last = variant == DeOldifyVariant.STABLE ? ".bn3.weight" : ".bn2.weight";
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      generator.load(manager, new SeededWeights(generator.layout(), seed,
          key -> key.startsWith("layers.0.") && key.endsWith(last)), new Shape(1, 3,
          DeOldifyGenerator.SIZE_MULTIPLE, DeOldifyGenerator.SIZE_MULTIPLE));
      write(generator, file);
    }
  }

  /**
   * The variant whose layout the state dict matches exactly.
   *
   * @throws UnrecognisedModelException naming the file and, for the nearest variant, the first
   *     key or shape that did not fit
   */
  public static DeOldifyVariant recognise(StateDict stateDict, Path file)
      throws UnrecognisedModelException {
    DeOldifyVariant nearest = null;
    int best = -1;
    for (DeOldifyVariant v : DeOldifyVariant.values()) {
      TorchLayout layout = LAYOUTS.get(v);
      if (layout.mismatch(stateDict.tensors()).isEmpty()) {
        return v;
      }
      int matching = layout.matching(stateDict.tensors());
      if (matching > best) {
        best = matching;
        nearest = v;
      }
    }
    Optional<String> why = LAYOUTS.get(nearest).mismatch(stateDict.tensors());
    throw new UnrecognisedModelException(file + " is not a DeOldify generator: nearest is the "
        + nearest.id() + " generator (" + nearest.description() + "), but the file "
        + why.orElseThrow() + ".");
  }
}
