package dev.colorize.maven;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.logging.Log;

/**
 * Streams the forked CLI's lines into the Maven log: stdout at info level, stderr at warn level.
 * Lines that carry their own level (slf4j-simple's {@code [thread] WARN logger - message} or a
 * leading {@code WARN}/{@code ERROR}) keep it, so CI logs show real warnings as warnings.
 *
 * <p>The native libraries log in their own formats on stderr: PyTorch's c10
 * ({@code [W1126 12:43:10.649394476 NNPACK.cpp:57] message}), TensorFlow's
 * ({@code 2026-11-26 12:45:42.639529: I tensorflow/cc/saved_model/loader.cc:466] message}) and
 * absl's ({@code I0000 00:00:1795697121.995445   28493 file.cc:401] message}). Those lines keep
 * the severity letter they carry (I info, W warn, E and F error) instead of stderr's warn. PyTorch
 * logs some warnings on every call, e.g. "Could not initialize NNPACK! Reason: Unsupported
 * hardware." hundreds of times per run on CPUs without NNPACK: a native line is logged at its
 * level the first time and its identical repeats (same source location and message) at debug
 * level, so the build log shows it once. Thread-safe: stdout and stderr arrive on two threads.
 */
final class MavenLogOutput implements ForkedRun.Output {

  /** Log levels a line can map to. */
  enum Level { DEBUG, INFO, WARN, ERROR }

  private static final Pattern LEVEL_PREFIX =
      Pattern.compile("^(?:\\[[^\\]]*\\] )?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR)\\b");

  /** Native log lines (c10, TensorFlow, absl): groups severity letter, location, message. */
  private static final Pattern NATIVE_LINE = Pattern.compile("^(?:"
      + "\\[([IWEF])\\d{4} [0-9:.]+ ([^\\] ]+)\\]"
      + "|\\d{4}-\\d\\d-\\d\\d [0-9:.]+: ([IWEF]) ([^\\] ]+)\\]"
      + "|([IWEF])\\d{4} [0-9:.]+ +\\d+ ([^\\] ]+)\\]"
      + ") (.*)$");

  private final Log log;
  /** Native messages (location and text) already logged at their level. */
  private final Set<String> nativeSeen = ConcurrentHashMap.newKeySet();

  MavenLogOutput(Log log) {
    this.log = log;
  }

  @Override
  public void line(String line, boolean fromStderr) {
    Matcher nativeLine = NATIVE_LINE.matcher(line);
    if (nativeLine.matches() && !nativeSeen.add(nativeLocation(nativeLine) + " "
        + nativeLine.group(7))) {
      log.debug(line);
      return;
    }
    switch (levelOf(line, fromStderr)) {
      case DEBUG -> log.debug(line);
      case WARN -> log.warn(line);
      case ERROR -> log.error(line);
      default -> log.info(line);
    }
  }

  /** The level a line is logged at. */
  static Level levelOf(String line, boolean fromStderr) {
    Matcher nativeLine = NATIVE_LINE.matcher(line);
    if (nativeLine.matches()) {
      return switch (firstNonNull(nativeLine, 1, 3, 5)) {
        case "I" -> Level.INFO;
        case "W" -> Level.WARN;
        default -> Level.ERROR;
      };
    }
    Matcher m = LEVEL_PREFIX.matcher(line);
    if (m.find()) {
      switch (m.group(1)) {
        case "TRACE", "DEBUG":
          return Level.DEBUG;
        case "WARN", "WARNING":
          return Level.WARN;
        case "ERROR":
          return Level.ERROR;
        default:
          return Level.INFO;
      }
    }
    return fromStderr ? Level.WARN : Level.INFO;
  }

  private static String nativeLocation(Matcher nativeLine) {
    return firstNonNull(nativeLine, 2, 4, 6);
  }

  /** The first of the alternative groups that took part in the match. */
  private static String firstNonNull(Matcher m, int... groups) {
    for (int group : groups) {
      if (m.group(group) != null) {
        return m.group(group);
      }
    }
    throw new IllegalStateException("no alternative matched: " + m.group());
  }
}
