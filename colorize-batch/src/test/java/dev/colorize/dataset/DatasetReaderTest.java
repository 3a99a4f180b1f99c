package dev.colorize.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walk behaviour shared by the folder-based formats, shown on the {@code folder} format. */
class DatasetReaderTest {

  @TempDir Path tmp;

  private final List<DatasetIssue> issues = new ArrayList<>();

  private DatasetSpec folder(Path root) {
    return DatasetSpec.of("f", DatasetFormat.FOLDER, root);
  }

  @Test
  void orderIsByNfcNameAndIndependentOfCreationOrder() {
    // Raw NFD 한 (U+1112...) sorts before 一 (U+4E00); in NFC (U+D55C) it sorts after.
    List<String> files =
        new ArrayList<>(
            List.of(
                Fixtures.nfd("한식") + "/b.jpg",
                Fixtures.nfd("한식") + "/a.jpg",
                "一/x.png",
                "Z/1.jpg",
                "a/" + Fixtures.nfd("밥") + ".jpg",
                "a/sub/c.jpg",
                "a/b.jpg",
                "top.jpg"));
    Path first = tmp.resolve("one");
    Path second = tmp.resolve("two");
    for (String f : files) {
      Fixtures.file(first, f);
    }
    Collections.shuffle(files, new Random(7));
    Collections.reverse(files);
    for (String f : files) {
      Fixtures.file(second, f);
    }

    List<String> expected =
        List.of("Z/1.jpg", "a/b.jpg", "a/sub/c.jpg", "a/밥.jpg", "top.jpg", "一/x.png", "한식/a.jpg",
            "한식/b.jpg");
    assertEquals(expected, Fixtures.ids(Fixtures.readAll(folder(first), issues)));
    assertEquals(expected, Fixtures.ids(Fixtures.readAll(folder(first), issues)));
    assertEquals(expected, Fixtures.ids(Fixtures.readAll(folder(second), issues)));
    List<Sample> samples = Fixtures.readAll(folder(first), issues);
    assertEquals("한식", samples.get(7).label());
    assertEquals("one", samples.get(4).label(), "an image in the root takes the root's name");
    assertEquals("sub", samples.get(2).label());
    assertEquals("", samples.get(2).category());
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void namesEqualAfterNfcAreReportedNotDuplicated() {
    Fixtures.file(tmp, "c/한.jpg");
    Fixtures.file(tmp, "c/" + Fixtures.nfd("한") + ".jpg");
    List<Sample> samples = Fixtures.readAll(folder(tmp), issues);
    assertEquals(List.of("c/한.jpg"), Fixtures.ids(samples));
    assertEquals(1, issues.size());
    assertTrue(issues.get(0).message().contains("NFC"), issues.get(0)::message);
  }

  @Test
  void globalAndPerClassLimitsAndSplitFilter() {
    for (String cls : List.of("a", "b", "c")) {
      for (int i = 0; i < 30; i++) {
        Fixtures.file(tmp, cls + "/" + String.format("%03d.jpg", i));
      }
    }
    assertEquals(7, Fixtures.readAll(folder(tmp).withLimit(7), issues).size());

    List<Sample> perClass = Fixtures.readAll(folder(tmp).withPerClassLimit(4), issues);
    Map<String, Long> counts =
        perClass.stream().collect(Collectors.groupingBy(Sample::label, Collectors.counting()));
    assertEquals(Map.of("a", 4L, "b", 4L, "c", 4L), counts);
    // The first four of each class in walk order.
    assertEquals(List.of("a/000.jpg", "a/001.jpg", "a/002.jpg", "a/003.jpg"),
        Fixtures.ids(perClass).subList(0, 4));

    List<Sample> both = Fixtures.readAll(folder(tmp).withPerClassLimit(4).withLimit(6), issues);
    assertEquals(List.of("a", "a", "a", "a", "b", "b"),
        both.stream().map(Sample::label).toList());

    // Skipping counts samples exactly as a read does, limits included.
    DatasetSpec limited = folder(tmp).withPerClassLimit(4).withLimit(10);
    List<String> full = Fixtures.ids(Fixtures.readAll(limited, issues));
    try (DatasetReader reader = DatasetReaders.open(limited, issues::add)) {
      assertTrue(reader.hasNext());
      assertEquals(5, reader.skip(5), "the fetched-ahead sample counts as the first skipped");
      List<String> rest = new ArrayList<>();
      reader.forEachRemaining(s -> rest.add(s.id()));
      assertEquals(full.subList(5, 10), rest);
    }

    List<Sample> all = Fixtures.readAll(folder(tmp), issues);
    List<Sample> val = Fixtures.readAll(folder(tmp).withSplitFilter(SplitFilter.VAL), issues);
    List<Sample> expectedVal = all.stream().filter(s -> s.split() == Split.VAL).toList();
    assertFalse(expectedVal.isEmpty());
    assertEquals(Fixtures.ids(expectedVal), Fixtures.ids(val));

    List<Sample> valLimited =
        Fixtures.readAll(folder(tmp).withSplitFilter(SplitFilter.VAL).withPerClassLimit(1), issues);
    assertTrue(valLimited.stream().allMatch(s -> s.split() == Split.VAL));
    Map<String, Long> valCounts =
        valLimited.stream().collect(Collectors.groupingBy(Sample::label, Collectors.counting()));
    assertTrue(valCounts.values().stream().allMatch(n -> n == 1L), valCounts::toString);
  }

  /**
   * 10,000 files (8,000 in one folder, 2,000 in 20 more): a read limited to 5 lists two folders
   * and examines 5 entries; the full read lists and examines everything.
   */
  @Test
  void aLimitedReadOfAHugeTreeStopsEarly() throws Exception {
    Path root = tmp.resolve("huge");
    Path big = Files.createDirectories(root.resolve("a_big"));
    for (int i = 0; i < 8_000; i++) {
      Files.createFile(big.resolve(String.format("img_%05d.jpg", i)));
    }
    for (int d = 0; d < 20; d++) {
      Path dir = Files.createDirectories(root.resolve(String.format("b_dir%03d", d)));
      for (int i = 0; i < 100; i++) {
        Files.createFile(dir.resolve(String.format("img_%03d.jpg", i)));
      }
    }

    ReadStats stats;
    List<String> ids = new ArrayList<>();
    try (DatasetReader reader = DatasetReaders.open(folder(root).withLimit(5), issues::add)) {
      reader.forEachRemaining(s -> ids.add(s.id()));
      stats = reader.stats();
    }

    assertEquals(
        List.of("a_big/img_00000.jpg", "a_big/img_00001.jpg", "a_big/img_00002.jpg",
            "a_big/img_00003.jpg", "a_big/img_00004.jpg"),
        ids);
    assertEquals(2, stats.directoriesListed(), "root and a_big only: " + stats);
    assertTrue(stats.entriesExamined() <= 6, "files are not even stat'ed beyond the limit: " + stats);
    assertEquals(5, stats.candidates());
    assertEquals(5, stats.samples());

    // The same tree read in full, for contrast.
    ReadStats full;
    try (DatasetReader reader = DatasetReaders.open(folder(root), issues::add)) {
      assertEquals(10_000, reader.stream().count());
      full = reader.stats();
    }
    assertEquals(22, full.directoriesListed());
    assertEquals(10_021, full.entriesExamined(), "every file and folder but the root once");
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void symbolicLinksInsideFollowedOutsideRefusedLoopsReported() throws Exception {
    Path root = tmp.resolve("root");
    Fixtures.file(root, "cls/a.jpg");
    Fixtures.file(tmp, "outside/secret.jpg");
    Files.createSymbolicLink(root.resolve("escape_dir"), tmp.resolve("outside"));
    Files.createSymbolicLink(root.resolve("cls/escape.jpg"), tmp.resolve("outside/secret.jpg"));
    Files.createSymbolicLink(root.resolve("cls/inside.jpg"), root.resolve("cls/a.jpg"));
    Files.createSymbolicLink(root.resolve("cls/loop"), root.resolve("cls"));
    Files.createSymbolicLink(root.resolve("cls/broken.jpg"), root.resolve("nowhere.jpg"));

    List<Sample> samples = Fixtures.readAll(folder(root), issues);

    assertEquals(List.of("cls/a.jpg", "cls/inside.jpg"), Fixtures.ids(samples));
    Map<Path, String> byFile = new HashMap<>();
    for (DatasetIssue i : issues) {
      byFile.put(i.file(), i.message());
    }
    assertEquals(4, issues.size(), issues::toString);
    assertTrue(byFile.get(root.resolve("escape_dir")).startsWith("refused"));
    assertTrue(byFile.get(root.resolve("cls/escape.jpg")).startsWith("refused"));
    assertTrue(byFile.get(root.resolve("cls/loop")).contains("loops"));
    assertTrue(byFile.get(root.resolve("cls/broken.jpg")).contains("broken"));
  }

  @Test
  void streamCloseClosesTheReaderAndMissingRootIsAnError() {
    Fixtures.file(tmp, "c/a.jpg");
    Fixtures.file(tmp, "c/b.jpg");
    DatasetReader reader = DatasetReaders.open(folder(tmp), issues::add);
    AtomicBoolean sawOne = new AtomicBoolean();
    try (Stream<Sample> s = reader.stream()) {
      s.limit(1).forEach(x -> sawOne.set(true));
    }
    assertTrue(sawOne.get());
    assertFalse(reader.hasNext(), "closed by the stream");

    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> DatasetReaders.open(folder(tmp.resolve("absent")), issues::add));
    assertEquals(tmp.resolve("absent"), e.path());
    Path file = Fixtures.file(tmp, "plain.jpg");
    assertThrows(DatasetException.class, () -> DatasetReaders.open(folder(file), issues::add));
  }
}
