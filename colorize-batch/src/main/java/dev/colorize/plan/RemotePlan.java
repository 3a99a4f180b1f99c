package dev.colorize.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A run spread over worker JVMs: each prepare and score step is split into {@code partitions}
 * ranges of its input, run by whichever worker takes them; a worker whose heartbeat is older
 * than {@code heartbeatSeconds} is taken for dead and its partition is run again elsewhere.
 *
 * @param partitions most partitions per step (fewer when a step has fewer items)
 * @param heartbeatSeconds silence after which a worker's partition is failed and re-sent
 */
public record RemotePlan(int partitions, int heartbeatSeconds) {

  @JsonCreator
  public RemotePlan(@JsonProperty("partitions") int partitions,
      @JsonProperty("heartbeatSeconds") int heartbeatSeconds) {
    this.partitions = partitions;
    this.heartbeatSeconds = heartbeatSeconds;
  }

  /**
   * How often a worker records that it is alive: several beats per allowed silence, so one slow
   * database round trip is not taken for a death.
   */
  public long heartbeatIntervalMillis() {
    return Math.max(200L, heartbeatSeconds * 1000L / 5);
  }
}
