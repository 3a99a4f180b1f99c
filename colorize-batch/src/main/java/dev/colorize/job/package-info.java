/**
 * Spring Batch wiring shared by colorize's jobs: the JDBC job repository (embedded H2 file by
 * default, PostgreSQL or any JDBC URL when configured), the work-directory lock that keeps two runs
 * apart, restart semantics (same configuration = same instance, {@link
 * dev.colorize.job.RunParameters}; dead executions recovered and resumed from the last committed
 * chunk), restartable readers, part files and the report step. Each goal's job is in its own
 * package ({@code prepare}, {@code evaluate}, {@code colorize}, {@code finetune}) and reads only
 * its {@link dev.colorize.plan.RunPlan}.
 */
package dev.colorize.job;
