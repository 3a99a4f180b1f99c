package dev.colorize.cli;

import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.deoldify.DeOldifyVariant;
import dev.colorize.model.official.instcolor.InstColorFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code colorize official-weights}: writes an untrained network in a published file's exact
 * layout and format, from a seed, for examples and smoke tests that need such a file without
 * downloading one.
 */
@Command(name = "official-weights", mixinStandardHelpOptions = true,
    description = {"Write an untrained (seeded) network in the layout and format of an author's"
        + " published weight file, e.g. DeOldify's ColorizeArtistic_gen.pth, for the official"
        + " engine. Not a trained model: for examples and smoke tests.",
        "An existing file is kept (delete it to write it again)."})
final class OfficialWeightsCommand implements Callable<Integer> {

  @Option(names = "--convention", defaultValue = "deoldify", paramLabel = "ID",
      description = "deoldify (a generator .pth), instcolor (a checkpoint folder) or chromagan"
          + " (my_model_colorization.h5); default ${DEFAULT-VALUE}.")
  String convention;

  @Option(names = "--variant", defaultValue = "artistic", paramLabel = "NAME",
      description = "DeOldify's artistic or stable (default ${DEFAULT-VALUE}).")
  String variant;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "Output file (a folder for instcolor).")
  Path out;

  @Override
  public Integer call() {
    String family = convention.strip();
    if (!List.of("deoldify", "instcolor", "chromagan").contains(family)) {
      System.err.println("colorize official-weights: --convention is '" + convention
          + "'; use deoldify, instcolor or chromagan");
      return ExitCodes.INVALID_CONFIGURATION;
    }
    DeOldifyVariant v;
    try {
      v = DeOldifyVariant.valueOf(variant.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      System.err.println("colorize official-weights: --variant is '" + variant
          + "'; use artistic or stable");
      return ExitCodes.INVALID_CONFIGURATION;
    }
    if (Files.exists(out)) {
      System.out.println("colorize official-weights: " + out + " exists, kept");
      return ExitCodes.OK;
    }
    try {
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      String what;
      switch (family) {
        case "instcolor" -> {
          InstColorFolder.writeSeeded(seed, out);
          what = "InstColor checkpoint folder";
        }
        case "chromagan" -> {
          ChromaGanFile.writeSeeded(seed, out);
          what = "ChromaGAN colorization model";
        }
        default -> {
          DeOldifyFile.writeSeeded(v, seed, out);
          what = "DeOldify " + v.id() + " generator";
        }
      }
      System.out.println("colorize official-weights: wrote an untrained " + what + " (seed "
          + seed + ") to " + out);
    } catch (IOException e) {
      System.err.println("colorize official-weights: cannot write " + out + ": " + e.getMessage());
      return ExitCodes.JOB_FAILED;
    }
    return ExitCodes.OK;
  }
}
