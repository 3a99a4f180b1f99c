package dev.colorize.maven;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.logging.Log;

/**
 * Streams the forked CLI's lines into the Maven log: stdout at info level, stderr at warn level.
 * Lines that carry their own level (slf4j-simple's {@code [thread] WARN logger - message} or a
 * leading {@code WARN}/{@code ERROR}) keep it, so CI logs show real warnings as warnings.
 */
final class MavenLogOutput implements ForkedRun.Output {

  /** Log levels a line can map to. */
  enum Level { DEBUG, INFO, WARN, ERROR }

  private static final Pattern LEVEL_PREFIX =
      Pattern.compile("^(?:\\[[^\\]]*\\] )?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR)\\b");

  private final Log log;

  MavenLogOutput(Log log) {
    this.log = log;
  }

  @Override
  public void line(String line, boolean fromStderr) {
    switch (levelOf(line, fromStderr)) {
      case DEBUG -> log.debug(line);
      case WARN -> log.warn(line);
      case ERROR -> log.error(line);
      default -> log.info(line);
    }
  }

  /** The level a line is logged at. */
  static Level levelOf(String line, boolean fromStderr) {
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
}
