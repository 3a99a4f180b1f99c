package dev.colorize.report.html;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes the images of the samples the gallery shows: what the report step keeps. */
public interface GalleryImageSource {

  /**
   * The files written for one dataset, as paths relative to the report folder; a missing entry
   * means no image (the gallery shows the scores only). {@code predictions} has one map per model,
   * in model order. {@code note} says why images are missing, or is empty.
   */
  record Files(Map<String, String> gray, Map<String, String> truth,
      List<Map<String, String>> predictions, String note) {}

  /**
   * Writes gray input, ground truth and every model's prediction of {@code sampleIds} of the
   * {@code dataset}-th dataset into {@code folder} (the report folder being built).
   */
  Files write(int dataset, List<String> sampleIds, Path folder) throws IOException;

  /** Keeps no image: the gallery lists its choices with their scores. */
  static GalleryImageSource none(String reason) {
    return (dataset, sampleIds, folder) -> new Files(Map.of(), Map.of(), List.of(), reason);
  }
}
