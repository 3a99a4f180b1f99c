package dev.colorize.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the reader for a {@link DatasetSpec}. */
public final class DatasetReaders {

  private DatasetReaders() {}

  /**
   * Opens a streaming read of the dataset. Only the root folder (or the manifest header) is read
   * here; the rest is read as samples are requested.
   *
   * @param listener receives problems with single files and lines; the read goes on after each
   * @throws DatasetException if the root or manifest is missing or unusable
   */
  public static DatasetReader open(DatasetSpec spec, DatasetIssueListener listener) {
    Path root = spec.root().toAbsolutePath().normalize();
    try {
      if (spec.format() == DatasetFormat.MANIFEST) {
        return openManifest(spec, root, listener);
      }
      requireDirectory(root);
      switch (spec.format()) {
        case AIHUB_FOOD:
          return new FoodReader(spec, listener);
        case AIHUB_OBJECT:
          return new ObjectReader(spec, listener);
        case FOLDER:
          return new FolderReader(spec, listener);
        default:
          throw new IllegalStateException("no reader for format " + spec.format());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("opening dataset '" + spec.name() + "' at " + root, e);
    }
  }

  private static DatasetReader openManifest(
      DatasetSpec spec, Path root, DatasetIssueListener listener) throws IOException {
    Path manifest;
    Path datasetRoot;
    if (spec.manifest() != null) {
      requireDirectory(root);
      datasetRoot = root;
      manifest = root.resolve(spec.manifest()).normalize();
    } else if (Files.isRegularFile(root)) {
      manifest = root;
      datasetRoot = root.getParent();
    } else {
      throw new DatasetException(
          root, "a manifest dataset needs the CSV file as its root, or a manifest setting");
    }
    if (!Files.isRegularFile(manifest)) {
      throw new DatasetException(manifest, "manifest file not found");
    }
    return new ManifestReader(spec, manifest, datasetRoot, listener);
  }

  private static void requireDirectory(Path root) {
    if (!Files.exists(root)) {
      throw new DatasetException(root, "dataset root does not exist");
    }
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, "dataset root is not a folder");
    }
  }
}
