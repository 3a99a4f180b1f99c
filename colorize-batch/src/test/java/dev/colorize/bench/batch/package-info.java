/**
 * Benchmark of the batch machinery (issue 3): the evaluate job through Spring Batch against the
 * same processing loop without it, the job repository's cost per chunk, and the peak memory of
 * the forked {@code colorize evaluate} CLI on N and 10N images. Run by
 * {@code scripts/bench/run-batch-overhead.sh}, never by {@code mvn verify}; results and method in
 * {@code docs/benchmarks-batch.md}.
 */
package dev.colorize.bench.batch;
