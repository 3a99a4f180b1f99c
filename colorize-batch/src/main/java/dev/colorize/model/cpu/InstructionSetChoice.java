package dev.colorize.model.cpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.colorize.model.builtin.PaddedConv2d;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Chooses, per machine, how the JVMs running models set up PyTorch's CPU convolutions: the
 * fastest oneDNN instruction set ({@code DNNL_MAX_CPU_ISA}) whose convolutions are right here,
 * whether they need glibc's fill of fresh allocations ({@code MALLOC_PERTURB_=255}), and whether
 * {@code PaddedConv2d} must pad channel counts. PyTorch 2.7.1's oneDNN was seen computing wrong
 * convolutions with its AVX-512 kernels, with its AVX2 kernels for some channel counts, and
 * reading uninitialised memory, on some AMD EPYC machines, with every kernel above SSE4.1 for
 * some channel counts on another (Zen 5), and right with every kernel on others
 * (docs/training.md); blanket workarounds cost every other machine up to 2x.
 *
 * <p>So each candidate, fastest first ({@link #CANDIDATES}), runs {@link ConvolutionSelfCheck} in
 * its own JVM (oneDNN reads the variable once per process), first with glibc poisoning fresh
 * allocations ({@value #POISON}: every fresh float reads as 3.4e38, so a convolution that reads
 * memory nobody wrote comes out wrong; the check confirms that a fresh tensor does read so), then, if that is not all
 * right, with the fill ({@value #FILL}: fresh allocations zeroed). The first candidate whose convolutions are all
 * right wins, without the fill if it was right poisoned. The built-in and official networks
 * convolve only through {@code PaddedConv2d}, which pads channel counts to blocked ones, so a JVM
 * running nothing else gets the first candidate right on those ({@link Choice#padded()}), with
 * padding on; a JVM running a TorchScript file, a SavedModel or a detector gets
 * {@link Choice#any()}.
 *
 * <p>The choice is kept in a cache file keyed by the CPU ({@link CpuIdentity}), the PyTorch
 * natives on the classpath and {@link #CHECK_VERSION}, so the check (about ten seconds per run)
 * runs once per machine; a check in which no candidate could run at all is not kept.
 */
public final class InstructionSetChoice {
  /** oneDNN's names, fastest first; {@code ALL} is its default (no limit). */
  public static final List<String> CANDIDATES = List.of("ALL", "AVX512_CORE", "AVX2", "AVX",
      "SSE41");
  /** The limit used when no check could run (the former blanket default). */
  public static final String FALLBACK = "AVX";
  /** {@code MALLOC_PERTURB_} that zeroes fresh allocations (glibc fills them with 255 ^ 0xff). */
  public static final String FILL = "255";
  /** {@code MALLOC_PERTURB_} that fills fresh allocations with 0x7f bytes (float 3.4e38). */
  public static final String POISON = "128";
  /** Changes whenever the shapes, the tolerance or the modes of the check change. */
  static final int CHECK_VERSION = 3;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Runs the check under one candidate. */
  public interface Prober {
    /**
     * @param isa  the candidate
     * @param fill whether fresh allocations are zeroed ({@link #FILL}) or poisoned
     *             ({@link #POISON})
     */
    Attempt probe(String isa, boolean fill);
  }

  /**
   * One candidate's outcome in one allocation mode.
   *
   * @param isa     the candidate
   * @param fill    whether it ran with fresh allocations zeroed (else poisoned)
   * @param result  what the check found, or null when it could not run
   * @param failure why it could not run (exit status, timeout), or null
   */
  public record Attempt(String isa, boolean fill, SelfCheckResult result, String failure) {
    public boolean ran() {
      return result != null;
    }

    public String summary() {
      String mode = isa + (fill ? " (allocations zeroed)" : " (allocations poisoned)");
      if (!ran()) {
        return mode + ": could not run (" + failure + ")";
      }
      return mode + ": " + (result.allRight() ? "all " + result.cases() + " right"
          : result.wrong() + " of " + result.cases() + " wrong, " + result.wrongBlocked()
              + " of them with blocked channel counts; first " + result.firstWrong());
    }
  }

  /**
   * The choice for this machine.
   *
   * @param any              for any model (every convolution of the check right)
   * @param anyNeedsFill     whether {@code any} was right only with fresh allocations zeroed
   * @param padded           for JVMs whose every convolution goes through {@code PaddedConv2d}
   *                         (built-in and official networks, trained or not; no TorchScript,
   *                         SavedModel or detector): the first candidate right on the blocked
   *                         channel counts
   * @param paddedNeedsFill  whether {@code padded} was right on those only with the fill
   * @param cpu              the CPU it was made on ({@link CpuIdentity#describe()})
   * @param natives          the PyTorch native artifacts it was made with
   * @param checkedAt        when the check ran
   * @param attempts         each candidate and mode tried, in order
   * @param warning          when the choice is a fallback, why; else null
   */
  public record Choice(String any, boolean anyNeedsFill, String padded,
      boolean paddedNeedsFill, String cpu, String natives, String checkedAt,
      List<Attempt> attempts, String warning) {
    /** One line for logs. */
    public String describe() {
      return "oneDNN instruction set " + any + (anyNeedsFill ? " with glibc's allocation fill" : "")
          + " (built-in and official networks: " + padded
          + (paddedNeedsFill ? " with the fill" : "") + "), channel padding "
          + (pads(false) ? "on" : "off") + ", chosen on " + cpu
          + " by a convolution self-check at " + checkedAt
          + (warning == null ? "" : "; " + warning);
    }

    /**
     * Whether a JVM running at this choice's instruction set must pad channel counts: unless the
     * check found every convolution right at that set, since padding is what makes the blocked
     * ones suffice.
     */
    public boolean pads(boolean paddedOnly) {
      return warning != null || (paddedOnly && !padded.equals(any));
    }

    /**
     * The variables a model JVM gets: {@code DNNL_MAX_CPU_ISA}, {@code MALLOC_PERTURB_} (the
     * fill) only where the check needed it, and {@code COLORIZE_PAD_CHANNELS=false} where
     * padding is not needed.
     *
     * @param paddedOnly whether every convolution of the JVM goes through {@code PaddedConv2d}
     *                   (it runs built-in and official networks only)
     */
    public Map<String, String> environment(boolean paddedOnly) {
      Map<String, String> environment = new LinkedHashMap<>();
      environment.put("DNNL_MAX_CPU_ISA", paddedOnly ? padded : any);
      if (paddedOnly ? paddedNeedsFill : anyNeedsFill) {
        environment.put("MALLOC_PERTURB_", FILL);
      }
      if (!pads(paddedOnly)) {
        environment.put(PaddedConv2d.SWITCH_VARIABLE, "false");
      }
      return environment;
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

  /**
   * Runs the candidates, fastest first, each poisoned and then, if needed, zeroed, until one is
   * right for every convolution.
   */
  Choice check() {
    List<Attempt> attempts = new ArrayList<>();
    String any = null;
    boolean anyNeedsFill = false;
    String padded = null;
    boolean paddedNeedsFill = false;
    candidates:
    for (String isa : CANDIDATES) {
      for (boolean fill : new boolean[] {false, true}) {
        Attempt attempt = prober.probe(isa, fill);
        attempts.add(attempt);
        if (!attempt.ran()) {
          // A candidate that cannot start (an illegal instruction) fails in either mode.
          continue candidates;
        }
        if (!fill && !attempt.result().poisonSeen()) {
          // The poison never reached PyTorch's memory: "right" says nothing of uninitialised
          // reads, so only the zeroed run counts.
          continue;
        }
        if (padded == null && attempt.result().blockedRight()) {
          padded = isa;
          paddedNeedsFill = fill;
        }
        if (attempt.result().allRight()) {
          any = isa;
          anyNeedsFill = fill;
          break candidates;
        }
      }
    }
    String warning = null;
    if (attempts.stream().noneMatch(Attempt::ran)) {
      warning = "the self-check could not run under any candidate ("
          + attempts.get(0).failure() + "), so the former default " + FALLBACK
          + " with the allocation fill and channel padding is used";
      any = FALLBACK;
      padded = FALLBACK;
      anyNeedsFill = true;
      paddedNeedsFill = true;
    } else if (any == null) {
      String least = CANDIDATES.get(CANDIDATES.size() - 1);
      warning = "no instruction set computed every convolution right ("
          + attempts.stream().map(Attempt::summary).collect(Collectors.joining("; "))
          + "); using the smallest, " + least + ", with the fill: check results against a "
          + "reference";
      any = least;
      anyNeedsFill = true;
      if (padded == null) {
        padded = least;
        paddedNeedsFill = true;
      }
    }
    return new Choice(any, anyNeedsFill, padded, paddedNeedsFill, cpu.describe(), natives,
        Instant.now().toString(), attempts, warning);
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
    public Attempt probe(String isa, boolean fill) {
      String cp = classpath.stream().map(Path::toString)
          .collect(Collectors.joining(File.pathSeparator));
      ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m",
          "-Dai.djl.offline=true", "-cp", cp, ConvolutionSelfCheck.class.getName())
          .redirectErrorStream(true);
      builder.environment().put("DNNL_MAX_CPU_ISA", isa);
      builder.environment().put("MALLOC_PERTURB_", fill ? FILL : POISON);
      if (!fill) {
        // Serve allocations up to 32 MiB from the heap, which glibc poisons, not from fresh
        // (zeroed) mappings, so that more of what the convolutions allocate is poisoned.
        builder.environment().put("MALLOC_MMAP_THRESHOLD_", String.valueOf(32 << 20));
      }
      try {
        Path log = Files.createTempFile("colorize-cpu-check-", ".log");
        try {
          builder.redirectOutput(log.toFile());
          Process child = builder.start();
          if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            return new Attempt(isa, fill, null, "timed out after " + TIMEOUT_SECONDS + " s");
          }
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          for (String line : lines) {
            if (line.startsWith(ConvolutionSelfCheck.PREFIX)) {
              return new Attempt(isa, fill, JSON.readValue(
                  line.substring(ConvolutionSelfCheck.PREFIX.length()), SelfCheckResult.class),
                  null);
            }
          }
          String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
          return new Attempt(isa, fill, null, "exit status " + child.exitValue() + ": " + last);
        } finally {
          Files.deleteIfExists(log);
        }
      } catch (IOException e) {
        return new Attempt(isa, fill, null, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Attempt(isa, fill, null, "interrupted");
      }
    }
  }
}
