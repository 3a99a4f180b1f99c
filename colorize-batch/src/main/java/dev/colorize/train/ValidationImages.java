package dev.colorize.train;

import dev.colorize.image.PngImages;
import dev.colorize.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps the generator's colorization of the first {@code count} validation samples after every
 * validation pass, so a report can show learning happen on the same images each epoch:
 * {@code <folder>/<index>/step-<step>.png}, beside the sample's {@code gray.png} (the model's
 * input) and {@code truth.png}. The validation order is fixed (the prepared list's), so the
 * samples are the same in every epoch and every run.
 *
 * <p>Restart-safe: files are written to a temporary name and moved into place, and a resumed
 * run that validates a step again (it was past the last checkpoint) writes the same pixels, as
 * training on CPU with a fixed seed is deterministic; PNG encoding is too.
 */
public final class ValidationImages {

  /** How many validation samples are kept by default. */
  public static final int DEFAULT_COUNT = 4;

  private final Path folder;
  private final int count;

  /**
   * @param folder where the images go
   * @param count  how many of the first validation samples are kept
   */
  public ValidationImages(Path folder, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    this.folder = folder;
    this.count = count;
  }

  /** @return how many of the first validation samples are kept */
  public int count() {
    return count;
  }

  /** @return the folder */
  public Path folder() {
    return folder;
  }

  /** The prediction of sample {@code index} after {@code step} optimiser steps. */
  public static Path prediction(Path folder, int index, int step) {
    return folder.resolve(String.valueOf(index)).resolve("step-" + step + ".png");
  }

  /** The gray input of sample {@code index}. */
  public static Path gray(Path folder, int index) {
    return folder.resolve(String.valueOf(index)).resolve("gray.png");
  }

  /** The ground truth of sample {@code index}. */
  public static Path truth(Path folder, int index) {
    return folder.resolve(String.valueOf(index)).resolve("truth.png");
  }

  /** Writes sample {@code index}'s images of the validation pass after {@code step} steps. */
  void write(int step, int index, RgbImage gray, RgbImage truth, RgbImage predicted)
      throws IOException {
    if (!Files.exists(gray(folder, index))) {
      atomically(gray, gray(folder, index));
    }
    if (!Files.exists(truth(folder, index))) {
      atomically(truth, truth(folder, index));
    }
    atomically(predicted, prediction(folder, index, step));
  }

  private static void atomically(RgbImage image, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    PngImages.write(image, temp);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
