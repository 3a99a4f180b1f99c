package dev.colorize.report.html;

import dev.colorize.image.PngImages;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.plan.RunLayout;
import dev.colorize.plan.RunPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts the gallery's images into the report folder, one chosen sample at a time: its gray input
 * and ground truth from the prepared-pair cache (what the models saw and were scored against),
 * and each model's prediction copied from the run's {@link PredictionTree}. Files go to
 * {@code images/<identity>/<dataset index>/<hash of the sample id>/} as {@code gray.png},
 * {@code truth.png} and {@code m<model index>.png}: names made of digits and hex only, so links
 * work from {@code file://} and in a zip whatever the sample is called.
 *
 * <p>A source that is gone (a re-render after {@code report} removed the tree) leaves the file a
 * previous render wrote in place; {@link #removeUnreferenced} then drops every other file.
 */
final class GalleryImages implements GalleryImageSource {

  static final String FOLDER = "images";

  private final RunPlan plan;
  private final RunLayout layout;
  private final PredictionTree tree;
  private final PreparedPairCache cache;
  private final PrepareOptions options;
  private final Set<Path> written = new HashSet<>();

  GalleryImages(RunPlan plan, PredictionTree tree) {
    this.plan = plan;
    this.layout = plan.layout();
    this.tree = tree;
    this.cache = new PreparedPairCache(layout.cache());
    this.options = plan.prepareOptions();
  }

  @Override
  public Files write(int dataset, List<String> sampleIds, Path folder) throws IOException {
    String name = plan.datasets().get(dataset).name();
    Map<String, String> cacheKeys = cacheKeys(dataset, Set.copyOf(sampleIds));
    Map<String, String> gray = new LinkedHashMap<>();
    Map<String, String> truth = new LinkedHashMap<>();
    List<Map<String, String>> predictions = new ArrayList<>();
    for (int m = 0; m < plan.models().size(); m++) {
      predictions.add(new LinkedHashMap<>());
    }
    int missing = 0;
    for (String sampleId : sampleIds) {
      String dir = FOLDER + "/" + layout.identity() + "/" + dataset + "/" + hash(sampleId) + "/";
      String key = cacheKeys.get(sampleId);
      PreparedPair pair = key == null ? null : cache.load(key, options);
      missing += put(gray, sampleId, folder, dir + "gray.png",
          pair == null ? null : target -> PngImages.write(pair.grayRgb(), target));
      missing += put(truth, sampleId, folder, dir + "truth.png",
          pair == null ? null : target -> PngImages.write(pair.truth(), target));
      for (int m = 0; m < plan.models().size(); m++) {
        Path source = tree.file(name, plan.models().get(m).name(), sampleId);
        missing += put(predictions.get(m), sampleId, folder, dir + "m" + m + ".png",
            java.nio.file.Files.exists(source) ? target -> java.nio.file.Files.copy(source, target,
                StandardCopyOption.REPLACE_EXISTING) : null);
      }
    }
    String note = missing == 0 ? "" : missing + " of the chosen images of dataset '" + name
        + "' were not found (a prediction the model failed on, or a cache entry removed).";
    return new Files(gray, truth, predictions, note);
  }

  /** How one file gets into the report. */
  @FunctionalInterface
  private interface Producer {
    void produce(Path target) throws IOException;
  }

  /** Writes one image (or keeps an earlier render's); returns 1 when there is none. */
  private int put(Map<String, String> into, String sampleId, Path folder, String relative,
      Producer producer) throws IOException {
    Path target = folder.resolve(relative);
    if (producer != null) {
      java.nio.file.Files.createDirectories(target.getParent());
      producer.produce(target);
    } else if (!java.nio.file.Files.exists(target)) {
      return 1;
    }
    written.add(target.toAbsolutePath().normalize());
    into.put(sampleId, relative);
    return 0;
  }

  /** The cache keys of the wanted samples, from the dataset's prepared list. */
  private Map<String, String> cacheKeys(int dataset, Set<String> wanted) throws IOException {
    Map<String, String> keys = new HashMap<>();
    CsvRows.forEach(layout.preparedList(dataset), (position, row) -> {
      if (wanted.contains(row.get(0))) {
        keys.put(row.get(0), row.get(4));
      }
    });
    return keys;
  }

  /**
   * Deletes every file under {@code <folder>/images} this render did not write: images of
   * another configuration or of an earlier choice, which the new index.html does not show.
   * Called once index.html is in place, so the page never links to a removed file.
   */
  void removeUnreferenced(Path folder) throws IOException {
    removeAllBut(folder, written);
  }

  /** Deletes every file under {@code <folder>/images} but those in {@code kept}. */
  static void removeAllBut(Path folder, Set<Path> kept) throws IOException {
    Path images = folder.resolve(FOLDER);
    if (!java.nio.file.Files.exists(images)) {
      return;
    }
    try (Stream<Path> walk = java.nio.file.Files.walk(images)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (java.nio.file.Files.isDirectory(p)) {
          try (Stream<Path> entries = java.nio.file.Files.list(p)) {
            if (entries.findAny().isEmpty()) {
              java.nio.file.Files.delete(p);
            }
          }
        } else if (!kept.contains(p.toAbsolutePath().normalize())) {
          java.nio.file.Files.delete(p);
        }
      }
    }
  }

  /** 16 hex digits of the SHA-256 of a sample id: a stable, file-system-safe name. */
  static String hash(String sampleId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(sampleId.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
