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
   * The job instance and execution and the start of run.json (or of the running execution),
   * then {@link #versions}; nothing for what it lacks.
   */
  static List<Entry> runFacts(JsonNode run) {
    List<Entry> facts = new ArrayList<>();
    if (run.has("jobInstance")) {
      facts.add(new Entry("job", "instance " + run.path("jobInstance").asText()
          + ", execution " + run.path("jobExecution").asText()));
    }
    if (run.has("started")) {
      facts.add(new Entry("started", run.path("started").asText()));
    }
    facts.addAll(versions(run));
    return facts;
  }

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
