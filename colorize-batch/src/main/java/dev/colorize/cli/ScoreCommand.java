package dev.colorize.cli;

import dev.colorize.parallel.Workers;
import dev.colorize.report.PairedFolderScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code colorize score}: scores a folder of predictions against a folder of ground truth. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Score every image under --pred against the ground-truth image at the same"
        + " relative path under --truth (any image extension), with colorize's metrics.",
        "Writes one row per image and a mean row to --out, and the images it could not score,"
            + " with reasons, to <out>-skipped.csv."})
final class ScoreCommand implements Callable<Integer> {

  @Option(names = "--truth", required = true, paramLabel = "DIR",
      description = "Ground-truth colour images.")
  Path truth;

  @Option(names = "--pred", required = true, paramLabel = "DIR",
      description = "Predicted (colorized) images.")
  Path pred;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Scores CSV.")
  Path out;

  @Option(names = "--size", defaultValue = "256", paramLabel = "N",
      description = "Scoring size; images of another size are stretched to NxN (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Worker threads; 0 = one per core (default).")
  int threads;

  @Override
  public Integer call() throws Exception {
    for (Path dir : new Path[] {truth, pred}) {
      if (!Files.isDirectory(dir)) {
        System.err.println("colorize score: " + dir + " is not an existing folder");
        return ExitCodes.INVALID_CONFIGURATION;
      }
    }
    if (size < 16) {
      System.err.println("colorize score: --size " + size + " is too small; use 16 or more");
      return ExitCodes.INVALID_CONFIGURATION;
    }
    try (Workers workers = new Workers(threads)) {
      PairedFolderScorer.Result result = new PairedFolderScorer(size, workers).run(truth, pred, out);
      System.out.println("colorize score: scored " + result.scored() + " images into "
          + result.scores() + "; skipped " + result.skipped()
          + (result.skipped() > 0 ? " (reasons in " + result.skippedFile() + ")" : ""));
      return ExitCodes.OK;
    }
  }
}
