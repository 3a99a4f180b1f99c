/**
 * Remote partitioning: a manager JVM splits each prepare and score step into ranges of its input
 * and sends one request per range over a table of the job repository's PostgreSQL database;
 * worker JVMs take the requests, run each range as the ordinary chunk step of the plan, and
 * record a heartbeat; the manager waits by polling the job repository, fails partitions whose
 * worker went silent and joins the partitions' part files into the files one JVM would have
 * written. See docs/scale-out.md.
 */
package dev.colorize.job.remote;
