package dev.colorize.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to read: a named dataset in some format under a root folder, how to split it and how much
 * of it to return.
 *
 * @param name a short name for reports and output folders
 * @param format the layout of the files
 * @param root the dataset root folder; sample ids are relative to it. For {@link
 *     DatasetFormat#MANIFEST} it may instead be the CSV file itself, whose folder is then the root
 * @param manifest the manifest CSV (absolute, or relative to {@code root}); null for other formats,
 *     or when {@code root} is the CSV file
 * @param fractions train/val/test fractions of the id-hash split
 * @param splitFilter which split(s) to return
 * @param limit at most this many samples in total, 0 for no limit
 * @param perClassLimit at most this many samples per class (category and label), 0 for no limit
 */
public record DatasetSpec(
    String name,
    DatasetFormat format,
    Path root,
    Path manifest,
    SplitFractions fractions,
    SplitFilter splitFilter,
    long limit,
    int perClassLimit) {

  public DatasetSpec {
    if (name == null || name.isBlank()) {
      throw new InvalidDatasetSpecException("name", name, "a dataset needs a non-blank name");
    }
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(fractions, "fractions");
    Objects.requireNonNull(splitFilter, "splitFilter");
    if (limit < 0) {
      throw new InvalidDatasetSpecException("limit", limit, "must be 0 (no limit) or positive");
    }
    if (perClassLimit < 0) {
      throw new InvalidDatasetSpecException(
          "perClassLimit", perClassLimit, "must be 0 (no limit) or positive");
    }
    if (manifest != null && format != DatasetFormat.MANIFEST) {
      throw new InvalidDatasetSpecException(
          "manifest", manifest, "only the manifest format reads a manifest file, not " + format.id());
    }
  }

  /** All samples of all splits, default fractions, no limits. */
  public static DatasetSpec of(String name, DatasetFormat format, Path root) {
    return new DatasetSpec(
        name, format, root, null, SplitFractions.DEFAULT, SplitFilter.ALL, 0, 0);
  }

  public DatasetSpec withManifest(Path manifestFile) {
    return new DatasetSpec(
        name, format, root, manifestFile, fractions, splitFilter, limit, perClassLimit);
  }

  public DatasetSpec withFractions(SplitFractions newFractions) {
    return new DatasetSpec(
        name, format, root, manifest, newFractions, splitFilter, limit, perClassLimit);
  }

  public DatasetSpec withSplitFilter(SplitFilter filter) {
    return new DatasetSpec(name, format, root, manifest, fractions, filter, limit, perClassLimit);
  }

  public DatasetSpec withLimit(long newLimit) {
    return new DatasetSpec(
        name, format, root, manifest, fractions, splitFilter, newLimit, perClassLimit);
  }

  public DatasetSpec withPerClassLimit(int newPerClassLimit) {
    return new DatasetSpec(
        name, format, root, manifest, fractions, splitFilter, limit, newPerClassLimit);
  }
}
