/**
 * Per-image parallelism: the run's worker threads, shared by the Spring Batch steps and the
 * plain {@code score} command, which is why it belongs to neither.
 */
package dev.colorize.parallel;
