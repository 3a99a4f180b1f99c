package dev.colorize.dataset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives the problems a reader meets and works around; called on the reading thread. */
@FunctionalInterface
public interface DatasetIssueListener {

  void onIssue(DatasetIssue issue);

  /** A listener that logs each issue as a warning. */
  static DatasetIssueListener logging() {
    Logger log = LoggerFactory.getLogger(DatasetReader.class);
    return issue -> log.warn("{}", issue);
  }
}
