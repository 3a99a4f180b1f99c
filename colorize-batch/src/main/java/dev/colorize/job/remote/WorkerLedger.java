package dev.colorize.job.remote;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code COLORIZE_PARTITION_WORKER} table: which worker took each partition step execution
 * and when it last showed it was alive. Times are the database's clock ({@code now()}), so the
 * machines' clocks never need to agree.
 */
public final class WorkerLedger {

  private final JdbcTemplate jdbc;

  public WorkerLedger(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** A partition's worker, as run.json lists it. */
  public record PartitionRun(long jobExecutionId, long stepExecutionId, String step,
      String worker, String status) {}

  /** A running partition whose worker has been silent. */
  record Silent(long stepExecutionId, String worker, double seconds) {}

  /** Records that {@code worker} took the partition; in the transaction that took its request. */
  void taken(long stepExecutionId, String worker) {
    jdbc.update("INSERT INTO " + PartitionChannel.WORKER_TABLE
        + " (STEP_EXECUTION_ID, WORKER, TAKEN, BEAT) VALUES (?, ?, now(), now())"
        + " ON CONFLICT (STEP_EXECUTION_ID) DO UPDATE SET WORKER = EXCLUDED.WORKER,"
        + " TAKEN = now(), BEAT = now(), FINISHED = NULL", stepExecutionId, worker);
  }

  void beat(long stepExecutionId) {
    jdbc.update("UPDATE " + PartitionChannel.WORKER_TABLE + " SET BEAT = now()"
        + " WHERE STEP_EXECUTION_ID = ?", stepExecutionId);
  }

  void finished(long stepExecutionId) {
    jdbc.update("UPDATE " + PartitionChannel.WORKER_TABLE + " SET BEAT = now(), FINISHED = now()"
        + " WHERE STEP_EXECUTION_ID = ?", stepExecutionId);
  }

  /**
   * Partitions of the job execution that a worker took, that the repository still shows running,
   * and whose worker has not beaten for more than {@code seconds}.
   */
  List<Silent> silent(long jobExecutionId, int seconds) {
    return jdbc.query("SELECT w.STEP_EXECUTION_ID, w.WORKER,"
        + " EXTRACT(EPOCH FROM (now() - w.BEAT)) FROM " + PartitionChannel.WORKER_TABLE + " w"
        + " JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = w.STEP_EXECUTION_ID"
        + " WHERE s.JOB_EXECUTION_ID = ? AND s.STATUS IN ('STARTING', 'STARTED')"
        + " AND w.FINISHED IS NULL AND w.BEAT < now() - make_interval(secs => ?)",
        (rs, row) -> new Silent(rs.getLong(1), rs.getString(2), rs.getDouble(3)),
        jobExecutionId, seconds);
  }

  /** Every partition a worker took in the job instance, oldest first. */
  public List<PartitionRun> runs(long jobInstanceId) {
    return jdbc.query("SELECT s.JOB_EXECUTION_ID, s.STEP_EXECUTION_ID, s.STEP_NAME, w.WORKER,"
        + " s.STATUS FROM " + PartitionChannel.WORKER_TABLE + " w"
        + " JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = w.STEP_EXECUTION_ID"
        + " JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID"
        + " WHERE e.JOB_INSTANCE_ID = ? ORDER BY s.STEP_EXECUTION_ID",
        (rs, row) -> new PartitionRun(rs.getLong(1), rs.getLong(2), rs.getString(3),
            rs.getString(4), rs.getString(5)), jobInstanceId);
  }
}
