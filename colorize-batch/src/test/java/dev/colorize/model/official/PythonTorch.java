package dev.colorize.model.official;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the independent PyTorch references under {@code scripts/models/official/} with Debian's
 * {@code python3-torch} and {@code python3-torchvision}. Where they are missing, a test needing
 * them fails when {@code COLORIZE_CI} is set ({@code .ci/run} installs them) and is otherwise
 * aborted (reported as skipped) with the reason.
 */
public final class PythonTorch {

  private static final String PYTHON = System.getenv().getOrDefault("COLORIZE_TEST_PYTHON",
      "/usr/bin/python3");
  private static String missing;
  private static boolean probed;

  private PythonTorch() {}

  /** Fails (CI) or aborts (elsewhere) the calling test unless torch and torchvision import. */
  public static synchronized void require() {
    if (!probed) {
      probed = true;
      missing = probe();
    }
    if (missing != null) {
      String reason = "needs Debian's python3-torch and python3-torchvision (" + missing
          + "); .ci/run installs them with apt-get";
      if (System.getenv("COLORIZE_CI") != null) {
        fail("COLORIZE_CI is set but the PyTorch reference cannot run: " + reason);
      }
      Assumptions.abort(reason);
    }
  }

  private static String probe() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return PYTHON + " is not there";
    }
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch, torchvision")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "importing torch timed out";
      }
      return p.exitValue() == 0 ? null : PYTHON + " cannot import them: " + lastLine(out);
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The repository root (the parent of colorize-batch, where Maven runs the tests from). */
  public static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("scripts/models/official"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      fail("scripts/models/official not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /**
   * Runs a reference script with arguments, failing the test with its output when it fails.
   *
   * @return its standard output and error
   */
  public static String run(String script, List<String> args) throws IOException,
      InterruptedException {
    return run(script, args, java.util.Map.of());
  }

  /**
   * {@link #run(String, List)} with variables added to (or replacing) the inherited environment,
   * e.g. {@code DNNL_MAX_CPU_ISA} to run the reference's float32 pass on other oneDNN kernels.
   */
  public static String run(String script, List<String> args, java.util.Map<String, String>
      environment) throws IOException, InterruptedException {
    require();
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    command.add(repository().resolve("scripts/models/official").resolve(script).toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(script + " timed out:\n" + out);
    }
    assertEquals(0, p.exitValue(), () -> script + " failed:\n" + out);
    return out;
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
