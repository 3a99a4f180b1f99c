package dev.colorize.job.prepare;

import dev.colorize.dataset.DatasetIssue;
import dev.colorize.dataset.DatasetIssueListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the issues a dataset reader reports as rows of {@code dataset-issues.csv}, to be
 * committed with the chunk whose reads met them ({@link PrepareWriter}), and prints each as a
 * warning line. On a restart the reader replays the committed samples and reports their issues
 * again: {@link #replayed} drops those, so each issue is a row once.
 */
public final class DatasetIssueRows implements DatasetIssueListener {

  private final String dataset;
  private final PrintStream out;
  private final List<List<?>> pending = new ArrayList<>();

  /** @param out where each issue is printed as {@code warning: dataset '<name>': <issue>} */
  public DatasetIssueRows(String dataset, PrintStream out) {
    this.dataset = dataset;
    this.out = out;
  }

  @Override
  public synchronized void onIssue(DatasetIssue issue) {
    out.println("warning: dataset '" + dataset + "': " + issue);
    pending.add(List.of(dataset, issue.file().toString(),
        issue.line() > 0 ? String.valueOf(issue.line()) : "",
        PreparedSample.oneLine(issue.message())));
  }

  /**
   * The reader has opened and replayed {@code items} committed samples: with any, the issues met
   * so far were committed by the run that read them first.
   */
  public synchronized void replayed(int items) {
    if (items > 0) {
      pending.clear();
    }
  }

  /** The rows met since the last call, in the order they were reported. */
  public synchronized List<List<?>> drain() {
    List<List<?>> rows = new ArrayList<>(pending);
    pending.clear();
    return rows;
  }
}
