package dev.colorize.dataset;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Depth-first walk over the image files under a root that holds one folder listing per level in
 * memory, never the whole tree. Each folder's entries are sorted by their NFC name (then by the raw
 * name), so the order is the same on every filesystem and whatever the creation order. Hidden
 * entries and non-image files are skipped silently; symbolic links are followed only when they
 * stay inside the root and do not loop; anything else is reported and skipped.
 */
final class DirectoryWalker {

  /** Where the walker sends problems. */
  @FunctionalInterface
  interface Reporter {
    void report(Path file, int line, String message);
  }

  /**
   * An image file found by the walk.
   *
   * @param path the file as reached from the root (symbolic links not resolved)
   * @param names the NFC names from the root down to and including the file
   * @param directory the folder holding the file
   */
  record Found(Path path, List<String> names, Path directory) {

    /** The '/'-joined relative path: a sample id. */
    String id() {
      return String.join("/", names);
    }
  }

  /**
   * Extensions of files that are never folders in practice; skipping them without asking the
   * filesystem saves one metadata call per annotation file (AI Hub objects have one per image).
   */
  private static final Set<String> DATA_FILE_EXTENSIONS =
      Set.of("json", "properties", "txt", "csv", "xml", "zip", "md", "db", "ini");

  private record Child(String nfcName, Path path) {}

  private static final class Frame {
    final Path dir;
    final Path realDir;
    final List<String> names;
    final List<Child> children;
    int index;

    Frame(Path dir, Path realDir, List<String> names, List<Child> children) {
      this.dir = dir;
      this.realDir = realDir;
      this.names = names;
      this.children = children;
    }
  }

  private final Path realRoot;
  private final Reporter reporter;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private long directoriesListed;
  private long entriesExamined;

  /**
   * Starts a walk; lists the root at once.
   *
   * @throws IOException if the root cannot be resolved
   */
  DirectoryWalker(Path root, Reporter reporter) throws IOException {
    Path absoluteRoot = root.toAbsolutePath().normalize();
    this.realRoot = absoluteRoot.toRealPath();
    this.reporter = reporter;
    stack.push(list(absoluteRoot, realRoot, List.of()));
  }

  long directoriesListed() {
    return directoriesListed;
  }

  long entriesExamined() {
    return entriesExamined;
  }

  /** The real (link-free) root. */
  Path realRoot() {
    return realRoot;
  }

  /** The next image file in walk order, or null when the walk is over. */
  Found next() {
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      if (frame.index >= frame.children.size()) {
        stack.pop();
        continue;
      }
      Child child = frame.children.get(frame.index++);
      String ext = ImageFiles.extension(child.nfcName);
      if (DATA_FILE_EXTENSIONS.contains(ext)) {
        continue;
      }
      entriesExamined++;
      Found found = visit(frame, child, ImageFiles.IMAGE_EXTENSIONS.contains(ext));
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private Found visit(Frame frame, Child child, boolean imageName) {
    BasicFileAttributes attrs;
    Path real = null;
    try {
      attrs =
          Files.readAttributes(child.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attrs.isSymbolicLink()) {
        try {
          real = child.path.toRealPath();
        } catch (NoSuchFileException e) {
          reporter.report(child.path, 0, "broken symbolic link, skipped");
          return null;
        }
        if (!real.startsWith(realRoot)) {
          reporter.report(
              child.path, 0, "refused: symbolic link leads outside the dataset root, to " + real);
          return null;
        }
        attrs = Files.readAttributes(real, BasicFileAttributes.class);
      }
    } catch (NoSuchFileException e) {
      return null; // removed since the listing: nothing to read
    } catch (IOException e) {
      reporter.report(child.path, 0, "cannot read file attributes, skipped: " + e);
      return null;
    }
    List<String> names = append(frame.names, child.nfcName);
    if (attrs.isDirectory()) {
      Path realDir = real != null ? real : frame.realDir.resolve(child.path.getFileName());
      if (real != null && isOnStack(realDir)) {
        reporter.report(child.path, 0, "symbolic link loops back to " + realDir + ", skipped");
        return null;
      }
      stack.push(list(child.path, realDir, names));
      return null;
    }
    if (attrs.isRegularFile() && imageName) {
      return new Found(child.path, names, frame.dir);
    }
    return null;
  }

  private boolean isOnStack(Path realDir) {
    for (Frame f : stack) {
      if (f.realDir.equals(realDir)) {
        return true;
      }
    }
    return false;
  }

  private Frame list(Path dir, Path realDir, List<String> names) {
    directoriesListed++;
    List<Child> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String raw = p.getFileName().toString();
        if (!ImageFiles.isHiddenName(raw)) {
          children.add(new Child(ImageFiles.nfc(raw), p));
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      reporter.report(dir, 0, "cannot list folder, skipped: " + e);
      return new Frame(dir, realDir, names, List.of());
    }
    children.sort(
        Comparator.comparing(Child::nfcName)
            .thenComparing(c -> c.path.getFileName().toString()));
    List<Child> unique = new ArrayList<>(children.size());
    for (Child c : children) {
      if (!unique.isEmpty() && unique.get(unique.size() - 1).nfcName.equals(c.nfcName)) {
        reporter.report(
            c.path,
            0,
            "same name as " + unique.get(unique.size() - 1).path.getFileName()
                + " after Unicode NFC normalisation, skipped (ids must be unique)");
        continue;
      }
      unique.add(c);
    }
    return new Frame(dir, realDir, names, unique);
  }

  private static List<String> append(List<String> names, String name) {
    List<String> out = new ArrayList<>(names.size() + 1);
    out.addAll(names);
    out.add(name);
    return out;
  }
}
