package dev.colorize.config;

/**
 * {@code <remote>}: spread the prepare and score steps over worker JVMs (remote partitioning),
 * with the job repository's database as the channel between manager and workers.
 */
public class RemoteConfig {
  /** How many partitions each prepare and score step is split into. */
  public int partitions = 64;
  /** A worker silent this long is dead: its partitions go to other workers. */
  public int heartbeatSeconds = 30;

  public RemoteConfig() {}

  public RemoteConfig(int partitions, int heartbeatSeconds) {
    this.partitions = partitions;
    this.heartbeatSeconds = heartbeatSeconds;
  }
}
