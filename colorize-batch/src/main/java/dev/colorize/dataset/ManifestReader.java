package dev.colorize.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code manifest}: a UTF-8 CSV file with a header naming at least {@code path} and {@code class}
 * (any order, any case), optionally {@code split} and {@code category}; other columns become
 * sample attributes. Paths are relative to the manifest's folder or absolute, and must lie inside
 * the dataset root (after resolving {@code ..} and symbolic links); a non-empty {@code split}
 * overrides the hash split. Bad rows are reported with their line and skipped. Rows are returned
 * in file order; duplicates are not detected (that would need memory proportional to the file).
 * A quoting error that leaves the rest of the file unparseable is reported and ends the read.
 */
final class ManifestReader extends DatasetReader {

  static final String PATH = "path";
  static final String CLASS = "class";
  static final String SPLIT = "split";
  static final String CATEGORY = "category";

  private final Path manifest;
  private final Path root;
  private final Path realRoot;
  private final Path baseDir;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final Map<String, String> columns = new LinkedHashMap<>();
  private final List<String> extraColumns = new ArrayList<>();
  private boolean broken;

  ManifestReader(DatasetSpec spec, Path manifest, Path root, DatasetIssueListener listener)
      throws IOException {
    super(spec, listener);
    this.manifest = manifest.toAbsolutePath().normalize();
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
    this.baseDir = this.manifest.getParent();
    Reader reader = Files.newBufferedReader(this.manifest, StandardCharsets.UTF_8);
    skipByteOrderMark(reader);
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(false) // blank lines are skipped here, keeping line numbers exact
            .setTrim(true)
            .setAllowMissingColumnNames(true)
            .get();
    try {
      this.parser = CSVParser.parse(reader, format);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw new DatasetException(this.manifest, "cannot read the manifest header (" + e + ")", e);
    }
    for (String name : parser.getHeaderNames()) {
      String key = name.strip().toLowerCase(Locale.ROOT);
      if (!key.isEmpty() && !columns.containsKey(key)) {
        columns.put(key, name);
        if (!key.equals(PATH) && !key.equals(CLASS) && !key.equals(SPLIT)
            && !key.equals(CATEGORY)) {
          extraColumns.add(name);
        }
      }
    }
    if (!columns.containsKey(PATH) || !columns.containsKey(CLASS)) {
      parser.close();
      throw new DatasetException(
          this.manifest,
          "manifest header must name the columns 'path' and 'class' (found "
              + parser.getHeaderNames() + ")");
    }
    this.records = parser.iterator();
  }

  private static void skipByteOrderMark(Reader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
  }

  @Override
  protected Candidate nextCandidate() {
    while (!broken) {
      long line = parser.getCurrentLineNumber() + 1;
      CSVRecord record;
      try {
        if (!records.hasNext()) {
          return null;
        }
        record = records.next();
      } catch (RuntimeException e) {
        broken = true;
        report(manifest, (int) line, "cannot parse the manifest from here on, read ends: " + e);
        return null;
      }
      Candidate c = candidate(record, (int) line);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private Candidate candidate(CSVRecord record, int line) {
    if (record.size() == 1 && record.get(0).isEmpty()) {
      return null; // blank line
    }
    String rawPath = value(record, PATH);
    String label = ImageFiles.nfc(value(record, CLASS));
    if (rawPath.isEmpty()) {
      report(manifest, line, "no path, row skipped");
      return null;
    }
    if (label.isEmpty()) {
      report(manifest, line, "no class for '" + rawPath + "', row skipped");
      return null;
    }
    Split split = null;
    String splitText = value(record, SPLIT);
    if (!splitText.isEmpty()) {
      try {
        split = Split.parse(splitText);
      } catch (IllegalArgumentException e) {
        report(manifest, line, e.getMessage() + ", row skipped");
        return null;
      }
    }
    Path path;
    try {
      path = baseDir.resolve(rawPath).normalize();
    } catch (InvalidPathException e) {
      report(manifest, line, "invalid path '" + rawPath + "', row skipped");
      return null;
    }
    if (!path.startsWith(root) || path.equals(root)) {
      report(manifest, line, "refused: '" + rawPath + "' is outside the dataset root " + root);
      return null;
    }
    String fileName = path.getFileName().toString();
    if (!ImageFiles.isImageName(fileName)) {
      report(manifest, line, "'" + rawPath + "' does not have an image file extension, skipped");
      return null;
    }
    try {
      Path real = path.toRealPath();
      if (!real.startsWith(realRoot)) {
        report(
            manifest,
            line,
            "refused: '" + rawPath + "' leads outside the dataset root through a symbolic link");
        return null;
      }
      if (!Files.isRegularFile(real)) {
        report(manifest, line, "'" + rawPath + "' is not a file, row skipped");
        return null;
      }
    } catch (NoSuchFileException e) {
      report(manifest, line, "'" + rawPath + "' does not exist, row skipped");
      return null;
    } catch (IOException e) {
      report(manifest, line, "cannot access '" + rawPath + "', row skipped: " + e);
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Path part : root.relativize(path)) {
      names.add(ImageFiles.nfc(part.toString()));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String column : extraColumns) {
      if (record.isSet(column) && !record.get(column).isEmpty()) {
        attributes.put(column, record.get(column));
      }
    }
    return new Candidate(
        String.join("/", names),
        path,
        label,
        ImageFiles.nfc(value(record, CATEGORY)),
        split,
        attributes);
  }

  private String value(CSVRecord record, String key) {
    String column = columns.get(key);
    return column != null && record.isSet(column) ? record.get(column).strip() : "";
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Sample complete(Candidate c, Split split) {
    return new Sample(
        c.id(),
        c.path(),
        c.label(),
        c.category(),
        null,
        List.of(),
        split,
        (Map<String, String>) c.context());
  }

  @Override
  protected void closeFormat() throws IOException {
    parser.close();
  }
}
