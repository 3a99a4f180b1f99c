/**
 * Spring Batch wiring shared by colorize's jobs: the JDBC job repository (embedded H2 file by
 * default, PostgreSQL or any JDBC URL when configured), the work-directory lock that keeps two runs
 * apart, restart semantics (same configuration = same instance; dead executions recovered and
 * resumed from the last committed chunk) and restartable readers.
 */
package dev.colorize.job;
