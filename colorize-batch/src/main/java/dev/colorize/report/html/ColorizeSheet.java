package dev.colorize.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.image.ImageRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code <work>/colorize/report/index.html}, the colorize goal's contact sheet: for the
 * first {@link #MAX_PHOTOS} photos of {@code colorized.csv}, the input and the colorized output
 * side by side as thumbnails, then the skipped photos. Bounded by {@link #MAX_PHOTOS}, not by
 * the number of photos (colorized.csv lists them all).
 */
public final class ColorizeSheet {

  /** Most photos on the sheet. */
  public static final int MAX_PHOTOS = 60;
  /** Longer side of a thumbnail, in pixels. */
  static final int THUMBNAIL = 192;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ColorizeSheet() {}

  /**
   * @param folder the colorize goal's output folder (holds colorized.csv)
   * @param run    the running execution's facts (the job's last step writes the sheet)
   * @return the written index.html
   */
  public static Path write(Path folder, JsonNode run) throws IOException {
    Path report = folder.resolve("report");
    Files.createDirectories(report);
    Path colorized = folder.resolve("colorized.csv");
    List<String> header = CsvRows.header(colorized);
    int source = header.indexOf("source");
    int output = header.indexOf("output");
    int width = header.indexOf("width");
    int height = header.indexOf("height");
    int noChroma = header.indexOf("no_chroma");
    int id = header.indexOf("sample_id");
    List<ColorizePage.Photo> photos = new ArrayList<>();
    Set<Path> kept = new HashSet<>();
    String[] model = {"", ""};
    long total = CsvRows.count(colorized);
    CsvRows.forEach(colorized, (position, row) -> {
      model[0] = row.get(header.indexOf("model"));
      model[1] = row.get(header.indexOf("dataset"));
      if (position >= MAX_PHOTOS) {
        return;
      }
      // Names of digits only: links work whatever the photo is called.
      String in = "images/" + position + "-in.png";
      String out = "images/" + position + "-out.png";
      String note = "";
      try {
        Thumbnails.write(Path.of(row.get(source)), report.resolve(in), THUMBNAIL);
        Thumbnails.write(Path.of(row.get(output)), report.resolve(out), THUMBNAIL);
        kept.add(report.resolve(in).toAbsolutePath().normalize());
        kept.add(report.resolve(out).toAbsolutePath().normalize());
      } catch (IOException | ImageRejectedException e) {
        // A photo moved or changed since: the row stays, without thumbnails.
        note = "not shown: " + e.getMessage();
        in = "";
        out = "";
      }
      photos.add(new ColorizePage.Photo(row.get(id), in, out,
          row.get(width) + " x " + row.get(height), "1".equals(row.get(noChroma)),
          row.get(output), note));
    });
    List<PageParts.Entry> facts = new ArrayList<>();
    facts.addAll(PageParts.runFacts(run));
    Path skippedCsv = folder.resolve("skipped.csv");
    List<List<String>> skipped = new ArrayList<>();
    CsvRows.forEach(skippedCsv, (position, row) -> skipped.add(row));
    ColorizePage page = new ColorizePage(model[0], model[1], facts, photos.size(), (int) total,
        photos, CsvRows.header(skippedCsv), skipped);
    Path index = HtmlPages.write("colorize.jte", page, report);
    GalleryImages.removeAllBut(report, kept);
    return index;
  }
}
