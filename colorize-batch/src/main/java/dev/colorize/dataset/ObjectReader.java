package dev.colorize.dataset;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.image.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code aihub-object}: images in folders named {@code <ID>_<대분류>_<f2>_<f3>_<f4>_<객체명>}, each
 * with a same-name {@code .json}. Class fields come from the folder name; the JSON gives instance
 * boxes and text attributes. A missing or malformed JSON is reported and the image is still
 * returned, without instances: for colorization the image is usable, only InstColor-style instance
 * input is lost.
 */
final class ObjectReader extends WalkingReader {

  static final String OBJECT_ID = "object_id";
  static final String F2 = "f2";
  static final String F3 = "f3";
  static final String F4 = "f4";

  /** Parsed class fields of one object folder. */
  private record FolderFields(String id, String category, String f2, String f3, String f4,
      String label) {}

  private final ObjectMapper json = new ObjectMapper();
  private Path fieldsDir;
  private FolderFields fields;

  ObjectReader(DatasetSpec spec, DatasetIssueListener listener) throws IOException {
    super(spec, listener);
  }

  @Override
  protected Candidate candidate(DirectoryWalker.Found found) {
    Path dir = found.directory();
    if (!dir.equals(fieldsDir)) {
      // Parsed (and a bad name reported) once per folder.
      fieldsDir = dir;
      fields = parseFolderName(found);
    }
    if (fields == null) {
      return null;
    }
    return new Candidate(found.id(), found.path(), fields.label, fields.category, null, fields);
  }

  private FolderFields parseFolderName(DirectoryWalker.Found found) {
    List<String> names = found.names();
    String folder = names.size() >= 2 ? names.get(names.size() - 2) : "";
    // The object name is last and may itself contain '_', so split into at most six fields.
    String[] f = folder.split("_", 6);
    boolean ok = f.length == 6;
    for (int i = 0; ok && i < 6; i++) {
      ok = !f[i].isBlank();
    }
    if (!ok) {
      report(
          found.directory(),
          0,
          "folder name '" + folder + "' is not <ID>_<category>_<f2>_<f3>_<f4>_<object>;"
              + " its images are skipped");
      return null;
    }
    return new FolderFields(f[0], f[1], f[2], f[3], f[4], f[5]);
  }

  @Override
  protected Sample complete(Candidate c, Split split) {
    FolderFields ff = (FolderFields) c.context();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(OBJECT_ID, ff.id);
    attributes.put(F2, ff.f2);
    attributes.put(F3, ff.f3);
    attributes.put(F4, ff.f4);
    List<Box> instances = new ArrayList<>();
    Path annotation = annotationFile(c.path());
    if (annotation == null) {
      report(c.path(), 0, "no same-name .json annotation; image kept without instances");
    } else {
      readAnnotation(annotation, instances, attributes);
    }
    return new Sample(
        c.id(), c.path(), c.label(), c.category(), null, instances, split, attributes);
  }

  private static Path annotationFile(Path image) {
    String base = ImageFiles.baseName(image.getFileName().toString());
    for (String ext : new String[] {".json", ".JSON", ".Json"}) {
      Path p = image.resolveSibling(base + ext);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private void readAnnotation(Path file, List<Box> instances, Map<String, String> attributes) {
    JsonNode root;
    try {
      if (!file.toRealPath().startsWith(walker.realRoot())) {
        report(file, 0, "refused: symbolic link leads outside the dataset root");
        return;
      }
      root = json.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      report(
          file,
          at == null ? 0 : Math.max(0, at.getLineNr()),
          "malformed JSON, image kept without instances: " + e.getOriginalMessage());
      return;
    } catch (IOException e) {
      report(file, 0, "cannot read annotation, image kept without instances: " + e);
      return;
    }
    JsonNode regions = root == null ? null : root.get("regions");
    if (regions == null || !regions.isArray()) {
      report(file, 0, "no 'regions' array, image kept without instances");
      return;
    }
    for (int r = 0; r < regions.size(); r++) {
      JsonNode region = regions.get(r);
      String prefix = r == 0 ? "" : "region." + r + ".";
      Box box = box(region.get("boxcorners"), file, r);
      if (box != null) {
        instances.add(box);
      }
      JsonNode tags = region.get("tags");
      if (tags != null && tags.isArray()) {
        for (int t = 0; t < tags.size(); t++) {
          attributes.put(prefix + "tag." + t, tags.get(t).asText());
        }
      }
      JsonNode semExt = region.get("sem_ext");
      if (semExt != null && semExt.isArray()) {
        for (int s = 0; s < semExt.size(); s++) {
          JsonNode value = semExt.get(s).get("value");
          if (value != null && !value.isNull()) {
            attributes.put(prefix + "sem_ext." + s, value.asText());
          }
        }
      }
    }
  }

  /** The region's box (corners swapped when reversed), or null after reporting why not. */
  private Box box(JsonNode corners, Path file, int region) {
    String where = "regions[" + region + "].boxcorners";
    if (corners == null || corners.isNull()) {
      report(file, 0, where + " missing, region has no box");
      return null;
    }
    if (!corners.isArray() || corners.size() != 4) {
      report(file, 0, where + " is not [lx, ly, rx, ry]: " + corners + ", region has no box");
      return null;
    }
    long[] v = new long[4];
    for (int i = 0; i < 4; i++) {
      JsonNode n = corners.get(i);
      double d;
      if (n.isNumber()) {
        d = n.asDouble();
      } else if (n.isTextual()) {
        try {
          d = Double.parseDouble(n.asText().strip());
        } catch (NumberFormatException e) {
          d = Double.NaN;
        }
      } else {
        d = Double.NaN;
      }
      if (!Double.isFinite(d)) {
        report(file, 0, where + " has a non-number " + n + ", region has no box");
        return null;
      }
      v[i] = Math.round(d);
    }
    if (v[0] == v[2] || v[1] == v[3]) {
      report(file, 0, where + " " + corners + " has zero width or height, region has no box");
      return null;
    }
    for (long x : v) {
      if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
        report(file, 0, where + " " + corners + " is out of range, region has no box");
        return null;
      }
    }
    return Box.fromCorners((int) v[0], (int) v[1], (int) v[2], (int) v[3]);
  }
}
