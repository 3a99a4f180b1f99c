package dev.colorize.cli;

import dev.colorize.report.Comparison;
import dev.colorize.report.html.CompareReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code colorize compare}: evaluate summaries side by side, each model against a baseline. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Put the overall rows of evaluate summaries side by side (e.g. before and after"
        + " fine-tuning) and compare each model with a baseline model of the same dataset.",
        "Writes --out (comparison.csv) and prints the table."})
final class CompareCommand implements Callable<Integer> {

  @Option(names = "--summary", required = true, paramLabel = "LABEL=FILE",
      description = "A run's summary.csv under a label, e.g. pretrained=target/.../summary.csv;"
          + " repeat for each run, in output order.")
  Map<String, Path> summaries = new LinkedHashMap<>();

  @Option(names = "--baseline", defaultValue = "gray", paramLabel = "MODEL",
      description = "Model every other model is compared with (default ${DEFAULT-VALUE}).")
  String baseline;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV.")
  Path out;

  @Override
  public Integer call() {
    List<Comparison.Run> runs = new ArrayList<>();
    for (Map.Entry<String, Path> e : summaries.entrySet()) {
      if (!Files.isRegularFile(e.getValue())) {
        System.err.println("colorize compare: summary '" + e.getKey() + "' " + e.getValue()
            + " is not an existing file; run the evaluate goal that writes it first");
        return ExitCodes.INVALID_CONFIGURATION;
      }
      runs.add(new Comparison.Run(e.getKey(), e.getValue()));
    }
    try {
      List<Comparison.Row> rows = Comparison.compare(runs, baseline);
      Comparison.write(rows, baseline, out);
      System.out.printf(Locale.ROOT, "%-12s %-14s %-26s %6s %9s %7s %11s %11s  %s%n", "run",
          "dataset", "model", "count", "psnr", "ssim", "colorf.delta", "delta_e2000",
          "better than " + baseline);
      for (Comparison.Row r : rows) {
        System.out.printf(Locale.ROOT, "%-12s %-14s %-26s %6d %9.3f %7.4f %11.3f %11.3f  %s%n",
            r.run(), r.dataset(), r.model(), r.count(), r.means().get("psnr"),
            r.means().get("ssim"), r.means().get("colorfulness_delta"),
            r.means().get("delta_e2000"), String.join(" ", r.better()));
      }
      System.out.println("colorize compare: wrote " + out);
      try {
        System.out.println("colorize compare: report " + CompareReport.write(out, baseline));
      } catch (IOException | RuntimeException e) {
        // comparison.csv is complete: a page that cannot be written costs only the page.
        System.out.println("warning: colorize compare: the HTML report was not written (" + e
            + "); " + out + " is complete");
      }
      return ExitCodes.OK;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("colorize compare: " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    }
  }
}
