package dev.colorize.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code aihub-food}: {@code <category>/<class>/Img_CCC_NNNN.<ext>} with one {@code
 * crop_area.properties} per class folder, read once and only when the first sample of that folder
 * is admitted (the walk finishes a folder before the next, so one cached folder is enough).
 */
final class FoodReader extends WalkingReader {

  /** Attribute holding the word written before the crop numbers ({@code dissimilar}, ...). */
  static final String CROP_NOTE = "crop_note";

  private Path cropDir;
  private Map<String, CropAreaFile.Entry> crops = Map.of();

  FoodReader(DatasetSpec spec, DatasetIssueListener listener) throws IOException {
    super(spec, listener);
  }

  @Override
  protected Candidate candidate(DirectoryWalker.Found found) {
    List<String> names = found.names();
    if (names.size() < 3) {
      report(
          found.path(),
          0,
          "image is not inside a <category>/<class>/ folder of the dataset root, skipped");
      return null;
    }
    // Deeper trees (an extra wrapping folder) still use the two folders above the image.
    String label = names.get(names.size() - 2);
    String category = names.get(names.size() - 3);
    return new Candidate(found.id(), found.path(), label, category, null, found.directory());
  }

  @Override
  protected Sample complete(Candidate c, Split split) throws IOException {
    Path dir = (Path) c.context();
    if (!dir.equals(cropDir)) {
      cropDir = dir;
      crops = loadCrops(dir);
    }
    String key = ImageFiles.baseName(c.path().getFileName().toString()).toLowerCase(Locale.ROOT);
    CropAreaFile.Entry entry = crops.get(key);
    Map<String, String> attributes =
        entry == null || entry.note().isEmpty() ? Map.of() : Map.of(CROP_NOTE, entry.note());
    return new Sample(
        c.id(),
        c.path(),
        c.label(),
        c.category(),
        entry == null ? null : entry.crop(),
        List.of(),
        split,
        attributes);
  }

  private Map<String, CropAreaFile.Entry> loadCrops(Path dir) {
    Path file = dir.resolve(CropAreaFile.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Map.of(); // a class without crops: its images are used whole
    }
    try {
      if (!file.toRealPath().startsWith(walker.realRoot())) {
        report(file, 0, "refused: symbolic link leads outside the dataset root; no crops read");
        return Map.of();
      }
      return CropAreaFile.read(file, this::report);
    } catch (IOException e) {
      report(file, 0, "cannot read crop areas, images of this folder get no crop: " + e);
      return Map.of();
    }
  }
}
