/**
 * Colorization networks written in DJL (ChromaGAN-, DeOldify- and InstColor-style generators and
 * a PatchGAN critic), a self-describing checkpoint format for their weights, and the
 * {@code builtin} engine that runs them through the {@link dev.colorize.model.Colorizer} API. A
 * width/depth knob ({@link dev.colorize.model.builtin.NetworkSize}: tiny, small, full) lets tests
 * train in seconds on a CPU and users train full size on a GPU. See
 * {@code docs/builtin-networks.md}.
 */
package dev.colorize.model.builtin;
