package dev.colorize.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Values every report page shows the same way. */
public final class PageParts {

  private PageParts() {}

  /** A labelled fact. */
  public record Entry(String key, String value) {}

  /** A chart: the PNG's file name in the report folder, and its caption. */
  public record Chart(String metric, String file, String caption) {}

  /**
   * run.json's versions, then its status and end when it has them (a report the job writes in
   * its last step has neither yet).
   */
  static List<Entry> versions(JsonNode run) {
    List<Entry> versions = new ArrayList<>();
    run.path("versions").fields().forEachRemaining(e -> versions.add(
        new Entry(e.getKey(), e.getValue().asText())));
    for (String key : List.of("status", "ended")) {
      if (run.has(key)) {
        versions.add(new Entry(key, run.path(key).asText("")));
      }
    }
    return versions;
  }
}
