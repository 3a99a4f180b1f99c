package dev.colorize.job;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where Spring Batch keeps its job repository: an embedded H2 file database under the work
 * directory by default (nothing to install), or any JDBC URL, PostgreSQL in particular.
 *
 * @param jdbcUrl  JDBC URL of the repository database
 * @param user     user name, may be empty
 * @param password password, may be empty
 */
public record RepositorySettings(String jdbcUrl, String user, String password) {

  public RepositorySettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /**
   * The default: an H2 file database at {@code <workDirectory>/repository/batch.mv.db}. One JVM
   * opens it at a time; {@link WorkDirectoryLock} keeps a second run away. {@code WRITE_DELAY=0}
   * writes each commit before returning, so a JVM killed hard loses no committed chunk.
   */
  public static RepositorySettings embedded(Path workDirectory) {
    Path file = workDirectory.toAbsolutePath().resolve("repository").resolve("batch");
    return new RepositorySettings(
        "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "");
  }

  /** True for the embedded H2 default (or any H2 URL). */
  public boolean isH2() {
    return jdbcUrl.startsWith("jdbc:h2:");
  }

  /** The URL with any password parameter masked, for logs and run.json. */
  public String redactedUrl() {
    return jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }
}
