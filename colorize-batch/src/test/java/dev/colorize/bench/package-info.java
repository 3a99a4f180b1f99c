/**
 * The prepare-and-score benchmark (a documented main, not a test): generates photo-like JPEGs and
 * times colorize's per-image loop against the Python reference pipelines and the reduced-decode
 * bound on the same files. Run it with {@code scripts/bench/run-prepare-score.sh}; see
 * {@code docs/benchmarks.md}.
 */
package dev.colorize.bench;
