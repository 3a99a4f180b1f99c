package dev.colorize.config;

/** Where the job repository lives when not in the embedded H2 default. */
public class JdbcConfig {
  /** JDBC URL, e.g. {@code jdbc:postgresql://localhost/colorize}; empty for embedded H2. */
  public String url;
  public String user;
  public String password;
}
