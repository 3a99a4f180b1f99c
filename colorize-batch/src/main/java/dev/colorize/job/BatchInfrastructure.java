package dev.colorize.job;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Spring Batch plumbing of one run: a pooled JDBC data source, its transaction manager, a
 * JDBC job repository (restartable, unlike Spring Batch 6's resourceless default) and a job
 * operator. Built programmatically: a colorize run is one job in one JVM, so an application
 * context would add start-up time and nothing else.
 */
public final class BatchInfrastructure implements AutoCloseable {

  private final RepositorySettings settings;
  private final HikariDataSource dataSource;
  private final PlatformTransactionManager transactionManager;
  private final JobRepository jobRepository;
  private final MapJobRegistry jobRegistry;
  private final TaskExecutorJobOperator jobOperator;

  private BatchInfrastructure(RepositorySettings settings, HikariDataSource dataSource)
      throws Exception {
    this.settings = settings;
    this.dataSource = dataSource;
    this.transactionManager = new DataSourceTransactionManager(dataSource);
    JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
    factory.setDataSource(dataSource);
    factory.setTransactionManager(transactionManager);
    factory.afterPropertiesSet();
    this.jobRepository = factory.getObject();
    this.jobRegistry = new MapJobRegistry();
    this.jobOperator = new TaskExecutorJobOperator();
    jobOperator.setJobRepository(jobRepository);
    jobOperator.setJobRegistry(jobRegistry);
    jobOperator.afterPropertiesSet();
  }

  /**
   * Connects to the repository database and creates Spring Batch's tables if they are missing.
   *
   * @throws RepositoryUnavailableException when the database cannot be reached or initialised
   */
  public static BatchInfrastructure open(RepositorySettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(4);
    config.setPoolName("colorize-repository");
    config.setInitializationFailTimeout(10_000);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new RepositoryUnavailableException("cannot connect to the job repository at "
          + settings.redactedUrl() + ": " + rootMessage(e), e);
    }
    try {
      initialiseSchema(dataSource);
      return new BatchInfrastructure(settings, dataSource);
    } catch (Exception e) {
      dataSource.close();
      throw new RepositoryUnavailableException("cannot initialise the job repository at "
          + settings.redactedUrl() + ": " + rootMessage(e), e);
    }
  }

  /**
   * Runs Spring Batch's schema script for this database unless its tables exist. Idempotent, and
   * safe because only the holder of the work-directory lock (or the only user of a shared
   * server's fresh schema) gets here.
   */
  static void initialiseSchema(DataSource dataSource) throws SQLException {
    String platform;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      platform = platformOf(meta.getDatabaseProductName());
      if (tableExists(meta, "BATCH_JOB_INSTANCE")) {
        return;
      }
    }
    ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
        new ClassPathResource("org/springframework/batch/core/schema-" + platform + ".sql"));
    populator.setContinueOnError(false);
    populator.execute(dataSource);
  }

  private static boolean tableExists(DatabaseMetaData meta, String table) throws SQLException {
    for (String name : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
      try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private static String platformOf(String productName) {
    String name = productName.toLowerCase(Locale.ROOT);
    if (name.contains("h2")) {
      return "h2";
    }
    if (name.contains("postgres")) {
      return "postgresql";
    }
    if (name.contains("mysql") || name.contains("mariadb")) {
      return name.contains("mariadb") ? "mariadb" : "mysql";
    }
    throw new IllegalStateException("unsupported job repository database: " + productName
        + " (supported: H2, PostgreSQL, MySQL, MariaDB)");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  public RepositorySettings settings() {
    return settings;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public PlatformTransactionManager transactionManager() {
    return transactionManager;
  }

  public JobRepository jobRepository() {
    return jobRepository;
  }

  public JobOperator jobOperator() {
    return jobOperator;
  }

  MapJobRegistry jobRegistry() {
    return jobRegistry;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** The job repository database cannot be used. */
  public static final class RepositoryUnavailableException extends RuntimeException {
    RepositoryUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
