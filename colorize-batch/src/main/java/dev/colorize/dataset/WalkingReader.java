package dev.colorize.dataset;

import java.io.IOException;

/** Base of the formats that walk a folder tree with a {@link DirectoryWalker}. */
abstract class WalkingReader extends DatasetReader {

  protected final DirectoryWalker walker;

  WalkingReader(DatasetSpec spec, DatasetIssueListener listener) throws IOException {
    super(spec, listener);
    this.walker = new DirectoryWalker(spec.root(), this::report);
  }

  @Override
  protected final Candidate nextCandidate() {
    DirectoryWalker.Found found;
    while ((found = walker.next()) != null) {
      Candidate c = candidate(found);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /** The candidate for a found image, or null to skip it (after reporting why). */
  protected abstract Candidate candidate(DirectoryWalker.Found found);

  @Override
  protected long directoriesListed() {
    return walker.directoriesListed();
  }

  @Override
  protected long entriesExamined() {
    return walker.entriesExamined();
  }
}
