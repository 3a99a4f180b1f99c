package dev.colorize.model.cpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Chooses, per machine, the {@code DNNL_MAX_CPU_ISA} that the JVMs running models get: the
 * fastest oneDNN instruction set whose convolutions are right here. PyTorch 2.7.1's oneDNN was
 * seen computing wrong convolutions with its AVX-512 kernels, and with its AVX2 kernels for some
 * channel counts, on some AMD EPYC machines, and right ones with every kernel on others
 * (docs/training.md); a blanket limit to AVX costs every other machine up to 2x. So each candidate,
 * fastest first ({@link #CANDIDATES}), runs {@link ConvolutionSelfCheck} in its own JVM (oneDNN
 * reads the variable once per process), and the first whose convolutions are all right wins.
 * The built-in networks compute only blocked channel counts ({@code PaddedConv2d}), so they get
 * the first candidate right on those ({@link Choice#builtin()}).
 *
 * <p>The choice is kept in a cache file keyed by the CPU ({@link CpuIdentity}), the PyTorch
 * natives on the classpath and {@link #CHECK_VERSION}, so the check (a few seconds per
 * candidate) runs once per machine; a check in which no candidate could run at all is not kept.
 */
public final class InstructionSetChoice {
  /** oneDNN's names, fastest first; {@code ALL} is its default (no limit). */
  public static final List<String> CANDIDATES = List.of("ALL", "AVX512_CORE", "AVX2", "AVX",
      "SSE41");
  /** The limit used when no check could run (the former blanket default). */
  public static final String FALLBACK = "AVX";
  /** Changes whenever the shapes or the tolerance of the check change. */
  static final int CHECK_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Runs the check under one candidate. */
  public interface Prober {
    Attempt probe(String isa);
  }

  /**
   * One candidate's outcome.
   *
   * @param isa     the candidate
   * @param result  what the check found, or null when it could not run
   * @param failure why it could not run (exit status, timeout), or null
   */
  public record Attempt(String isa, SelfCheckResult result, String failure) {
    public boolean ran() {
      return result != null;
    }

    public String summary() {
      if (!ran()) {
        return isa + ": could not run (" + failure + ")";
      }
      return isa + ": " + (result.allRight() ? "all " + result.cases() + " right"
          : result.wrong() + " of " + result.cases() + " wrong, " + result.wrongBlocked()
              + " of them with blocked channel counts; first " + result.firstWrong());
    }
  }

  /**
   * The choice for this machine.
   *
   * @param any       for any model (every convolution of the check right)
   * @param builtin   for training a built-in network (the blocked convolutions right)
   * @param cpu       the CPU it was made on ({@link CpuIdentity#describe()})
   * @param natives   the PyTorch native artifacts it was made with
   * @param checkedAt when the check ran
   * @param attempts  each candidate tried, in order
   * @param warning   when the choice is a fallback, why; else null
   */
  public record Choice(String any, String builtin, String cpu, String natives, String checkedAt,
      List<Attempt> attempts, String warning) {
    /** One line for logs. */
    public String describe() {
      return "oneDNN instruction set " + any + " (built-in networks' training: " + builtin
          + "), chosen on " + cpu + " by a convolution self-check at " + checkedAt
          + (warning == null ? "" : "; " + warning);
    }
  }

  private final Path cacheDirectory;
  private final CpuIdentity cpu;
  private final String natives;
  private final Prober prober;

  /**
   * @param cacheDirectory where choices are kept
   * @param cpu            the CPU to choose for
   * @param natives        identifies the PyTorch natives, e.g. their jar names
   * @param prober         runs the check under a candidate
   */
  public InstructionSetChoice(Path cacheDirectory, CpuIdentity cpu, String natives,
      Prober prober) {
    this.cacheDirectory = cacheDirectory;
    this.cpu = cpu;
    this.natives = natives;
    this.prober = prober;
  }

  /**
   * The choice for the JVMs started with {@code java -cp classpath}, probing with child JVMs of
   * that classpath, cached in {@link #defaultCacheDirectory()}.
   */
  public static InstructionSetChoice forClasspath(Path java, List<Path> classpath) {
    String natives = classpath.stream().map(p -> p.getFileName().toString())
        .filter(name -> name.contains("pytorch")).sorted().collect(Collectors.joining(","));
    return new InstructionSetChoice(defaultCacheDirectory(), CpuIdentity.current(), natives,
        new ChildJvmProber(java, classpath));
  }

  /**
   * {@code colorize.cpuCheckCache} (system property), else {@code COLORIZE_CPU_CHECK_CACHE},
   * else {@code $XDG_CACHE_HOME/colorize/cpu-check}, else {@code ~/.cache/colorize/cpu-check}.
   */
  public static Path defaultCacheDirectory() {
    String explicit = System.getProperty("colorize.cpuCheckCache",
        System.getenv("COLORIZE_CPU_CHECK_CACHE"));
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("colorize").resolve("cpu-check");
  }

  /** The cache file of this CPU and these natives. */
  public Path cacheFile() {
    return cacheDirectory.resolve("dnnl-isa-" + key() + ".json");
  }

  /** The kept choice, or a new check (kept when it could run); {@code refresh} ignores the kept. */
  public Choice choose(boolean refresh) {
    Path file = cacheFile();
    if (!refresh && Files.isRegularFile(file)) {
      try {
        return JSON.readValue(file.toFile(), Choice.class);
      } catch (IOException e) {
        // An unreadable cache is checked again and rewritten.
      }
    }
    Choice choice = check();
    if (choice.attempts().stream().anyMatch(Attempt::ran)) {
      write(file, choice);
    }
    return choice;
  }

  /** Runs the candidates, fastest first, until one is right for every convolution. */
  Choice check() {
    List<Attempt> attempts = new ArrayList<>();
    String any = null;
    String builtin = null;
    for (String isa : CANDIDATES) {
      Attempt attempt = prober.probe(isa);
      attempts.add(attempt);
      if (!attempt.ran()) {
        continue;
      }
      if (builtin == null && attempt.result().blockedRight()) {
        builtin = isa;
      }
      if (attempt.result().allRight()) {
        any = isa;
        break;
      }
    }
    String warning = null;
    if (attempts.stream().noneMatch(Attempt::ran)) {
      warning = "the self-check could not run under any candidate ("
          + attempts.get(0).failure() + "), so the former default " + FALLBACK + " is used";
      any = FALLBACK;
      builtin = FALLBACK;
    } else if (any == null) {
      String least = CANDIDATES.get(CANDIDATES.size() - 1);
      warning = "no instruction set computed every convolution right ("
          + attempts.stream().map(Attempt::summary).collect(Collectors.joining("; "))
          + "); using the smallest, " + least + ": check results against a reference";
      any = least;
      builtin = builtin == null ? least : builtin;
    }
    return new Choice(any, builtin, cpu.describe(), natives, Instant.now().toString(),
        attempts, warning);
  }

  private String key() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String identity = cpu.fields() + "\n" + natives + "\n" + CHECK_VERSION;
      return HexFormat.of().formatHex(sha.digest(identity.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, Choice choice) {
    try {
      Files.createDirectories(file.getParent());
      // Written aside and moved: JVMs starting at the same time read a whole file or none.
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      JSON.writeValue(temp.toFile(), choice);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // A cache that cannot be written only means checking again next time.
    }
  }

  /** Runs {@link ConvolutionSelfCheck} in a JVM of the given classpath. */
  public static final class ChildJvmProber implements Prober {
    /** Longest a candidate's check may take. */
    static final long TIMEOUT_SECONDS = 300;
    private final Path java;
    private final List<Path> classpath;

    public ChildJvmProber(Path java, List<Path> classpath) {
      this.java = java;
      this.classpath = List.copyOf(classpath);
    }

    @Override
    public Attempt probe(String isa) {
      String cp = classpath.stream().map(Path::toString)
          .collect(Collectors.joining(File.pathSeparator));
      ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m",
          "-Dai.djl.offline=true", "-cp", cp, ConvolutionSelfCheck.class.getName())
          .redirectErrorStream(true);
      builder.environment().put("DNNL_MAX_CPU_ISA", isa);
      // As the model JVMs run (docs/training.md): glibc's fill of fresh allocations.
      builder.environment().putIfAbsent("MALLOC_PERTURB_", "255");
      try {
        Path log = Files.createTempFile("colorize-cpu-check-", ".log");
        try {
          builder.redirectOutput(log.toFile());
          Process child = builder.start();
          if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            return new Attempt(isa, null, "timed out after " + TIMEOUT_SECONDS + " s");
          }
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          for (String line : lines) {
            if (line.startsWith(ConvolutionSelfCheck.PREFIX)) {
              return new Attempt(isa, JSON.readValue(
                  line.substring(ConvolutionSelfCheck.PREFIX.length()), SelfCheckResult.class),
                  null);
            }
          }
          String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
          return new Attempt(isa, null, "exit status " + child.exitValue() + ": " + last);
        } finally {
          Files.deleteIfExists(log);
        }
      } catch (IOException e) {
        return new Attempt(isa, null, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Attempt(isa, null, "interrupted");
      }
    }
  }
}
