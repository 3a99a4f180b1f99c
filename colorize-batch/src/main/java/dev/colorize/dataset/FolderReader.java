package dev.colorize.dataset;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code folder}: every image under the root; the class is its parent folder's name. */
final class FolderReader extends WalkingReader {

  private final String rootLabel;

  FolderReader(DatasetSpec spec, DatasetIssueListener listener) throws IOException {
    super(spec, listener);
    this.rootLabel = ImageFiles.nfcName(walker.realRoot());
  }

  @Override
  protected Candidate candidate(DirectoryWalker.Found found) {
    List<String> names = found.names();
    // An image directly in the root takes the root folder's name as its class.
    String label = names.size() >= 2 ? names.get(names.size() - 2) : rootLabel;
    return new Candidate(found.id(), found.path(), label, "", null, null);
  }

  @Override
  protected Sample complete(Candidate c, Split split) {
    return new Sample(c.id(), c.path(), c.label(), "", null, List.of(), split, Map.of());
  }
}
