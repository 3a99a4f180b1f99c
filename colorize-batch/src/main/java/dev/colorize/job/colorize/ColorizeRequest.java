package dev.colorize.job.colorize;

import java.nio.file.Path;

/**
 * What {@code colorize colorize} is asked to do: apply one declared model to a folder, or to a
 * declared dataset, writing to an output folder. Checked and resolved by {@link ColorizeRun}.
 *
 * @param model        name of a declared {@code <model>}
 * @param input        folder of photos (every image below it), or null when {@code dataset} is
 *                     given
 * @param dataset      name of a declared {@code <dataset>}, or null when {@code input} is given
 * @param output       folder the colorized tree is written to
 * @param outputFormat encoding of the outputs
 * @param maxPixels    largest source pixel count; larger sources are skipped as TOO_LARGE
 */
public record ColorizeRequest(String model, Path input, String dataset, Path output,
    OutputFormat outputFormat, long maxPixels) {}
