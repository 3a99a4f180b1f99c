/**
 * The {@code colorize} goal: apply one declared model to a folder (or a declared dataset) of
 * photos and write the colorized photos at each input's original resolution. The model sees the
 * lightness at its working size; its chroma is upsampled and joined with the original
 * full-resolution lightness ({@link dev.colorize.job.colorize.FullResolution}). A restartable
 * chunked Spring Batch job ({@link dev.colorize.job.colorize.ColorizeJob}) with atomic file
 * writes, skip reports and run.json.
 */
package dev.colorize.job.colorize;
