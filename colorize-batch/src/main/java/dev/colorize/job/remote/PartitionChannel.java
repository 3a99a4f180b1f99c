package dev.colorize.job.remote;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

/**
 * The channel between manager and workers: Spring Integration's {@link JdbcChannelMessageStore}
 * in the job repository's PostgreSQL database, one message group per run identity (so workers of
 * one configuration never take another's requests). Taking a request is one
 * {@code DELETE ... FOR UPDATE SKIP LOCKED} statement: two workers never take the same one, and
 * inside a transaction that rolls back the request stays queued for another worker.
 *
 * <p>Also creates, if missing, Spring Integration's PostgreSQL tables and colorize's
 * {@code COLORIZE_PARTITION_WORKER} table (which worker took a partition, and its heartbeat),
 * under an advisory lock so that JVMs starting together create them once.
 */
public final class PartitionChannel {

  /** Advisory lock key serialising schema creation across JVMs ("colorize" in ASCII, folded). */
  static final long SCHEMA_LOCK = 0x636f6c6f72697aL;

  static final String WORKER_TABLE = "COLORIZE_PARTITION_WORKER";

  private final JdbcChannelMessageStore store;
  private final String group;

  private PartitionChannel(JdbcChannelMessageStore store, String group) {
    this.store = store;
    this.group = group;
  }

  /**
   * Opens the channel of one run configuration, creating the tables it needs.
   *
   * @param identity the plan's identity; names the message group
   */
  public static PartitionChannel open(DataSource dataSource, String identity) throws SQLException {
    initialiseSchema(dataSource);
    JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
    store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
    // Requests are Java-serialised messages: allow exactly the types they carry.
    store.addAllowedPatterns("org.springframework.batch.integration.partition.StepExecutionRequest",
        "org.springframework.messaging.*", "org.springframework.integration.*", "java.util.*",
        "java.lang.*");
    store.afterPropertiesSet();
    return new PartitionChannel(store, "colorize-partitions-" + identity);
  }

  /** The manager's side: what it sends partition requests to. */
  public PollableChannel requests() {
    return new QueueChannel(new MessageGroupQueue(store, group));
  }

  /**
   * Takes the oldest waiting request, or null. Joins the caller's transaction: if it rolls back,
   * the request is back in the queue.
   */
  public Message<?> take() {
    return store.pollMessageFromGroup(group);
  }

  /** Requests waiting to be taken. */
  public int waiting() {
    return store.messageGroupSize(group);
  }

  static void initialiseSchema(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        try (Statement lock = connection.createStatement()) {
          lock.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
        }
        DatabaseMetaData meta = connection.getMetaData();
        if (!tableExists(meta, "int_channel_message")) {
          new ResourceDatabasePopulator(new ClassPathResource(
              "org/springframework/integration/jdbc/schema-postgresql.sql")).populate(connection);
        }
        try (Statement ddl = connection.createStatement()) {
          ddl.execute("CREATE TABLE IF NOT EXISTS " + WORKER_TABLE + " ("
              + " STEP_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,"
              + " WORKER VARCHAR(200) NOT NULL,"
              + " TAKEN TIMESTAMP NOT NULL,"
              + " BEAT TIMESTAMP NOT NULL,"
              + " FINISHED TIMESTAMP)");
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  private static boolean tableExists(DatabaseMetaData meta, String table) throws SQLException {
    try (ResultSet rs = meta.getTables(null, null, table, new String[] {"TABLE"})) {
      return rs.next();
    }
  }
}
