/**
 * Training throughput benchmark (issue 5): {@code TrainingLoop} training the ChromaGAN-style
 * generator, one batch size and thread count per JVM, compared by
 * {@code scripts/bench/run-train-throughput.sh} with the same network in PyTorch
 * ({@code scripts/bench/train_torch.py}). Never run by {@code mvn verify}; results in
 * {@code docs/benchmarks-training.md}.
 */
package dev.colorize.bench.train;
