package dev.colorize.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedPairCacheTest {

  private static final PrepareOptions OPTIONS = PrepareOptions.defaults().withSize(48);

  @TempDir
  Path dir;

  private Path source(String name, RgbImage image, String extension) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, Fixtures.encode(image, extension));
    return file;
  }

  @Test
  void secondLookupIsAHitThatDoesNotDecode() throws Exception {
    Path file = source("김치찌개 001.JPG", Fixtures.photo(120, 90, 1), ".jpg");
    PreparedPairCache cache = new PreparedPairCache(dir.resolve("cache"));
    PreparedPair first = cache.getOrPrepare(file, null, OPTIONS);
    assertEquals(new PreparedPairCache.Stats(0, 0, 1, 1, 0, 0), cache.stats());

    PreparedPair second = cache.getOrPrepare(file, null, OPTIONS);
    assertEquals(new PreparedPairCache.Stats(1, 0, 1, 1, 0, 0), cache.stats());
    assertArrayEquals(first.resized().rgb(), second.resized().rgb());
    assertArrayEquals(first.truth().rgb(), second.truth().rgb());
    assertArrayEquals(first.lab().l(), second.lab().l());
    assertEquals(first.source(), second.source());

    // A second run (new cache object on the same root) and a copy under another name hit too.
    Path copy = dir.resolve("copy.jpeg");
    Files.copy(file, copy);
    PreparedPairCache nextRun = new PreparedPairCache(dir.resolve("cache"));
    assertArrayEquals(first.resized().rgb(), nextRun.getOrPrepare(copy, null, OPTIONS).resized().rgb());
    assertEquals(0, nextRun.stats().decodes());
    assertEquals(1, nextRun.stats().hits());
  }

  @Test
  void everyPreparationParameterIsPartOfTheKey() throws Exception {
    Path file = source("a.png", Fixtures.photo(120, 90, 2), ".png");
    PreparedPairCache cache = new PreparedPairCache(dir.resolve("cache"));
    cache.getOrPrepare(file, null, OPTIONS);
    cache.getOrPrepare(file, null, OPTIONS.withSize(32));
    cache.getOrPrepare(file, null, OPTIONS.withPolicy(ResizePolicy.PAD));
    cache.getOrPrepare(file, new Box(10, 10, 60, 60), OPTIONS);
    cache.getOrPrepare(file, null, OPTIONS.withReducedDecoding(false));
    cache.getOrPrepare(file, null, OPTIONS.withMaxPixels(1_000_000));
    cache.getOrPrepare(file, null, OPTIONS.withGrayscale(GrayscaleRule.OFF));
    cache.getOrPrepare(file, null, OPTIONS.withReductionSlack(0.1));
    assertEquals(8, cache.stats().misses());
    assertEquals(0, cache.stats().hits());
    assertEquals(8, entries(cache).size());
    // Editing the file makes a new entry.
    Files.write(file, Fixtures.encode(Fixtures.photo(120, 90, 3), ".png"));
    cache.getOrPrepare(file, null, OPTIONS);
    assertEquals(9, cache.stats().misses());
  }

  @Test
  void rejectionsAreCachedWithTheirReason() throws Exception {
    Path fake = dir.resolve("fake.jpg");
    Files.writeString(fake, "this is a text file", StandardCharsets.UTF_8);
    PreparedPairCache cache = new PreparedPairCache(dir.resolve("cache"));
    ImageRejectedException first =
        assertThrows(ImageRejectedException.class, () -> cache.getOrPrepare(fake, null, OPTIONS));
    ImageRejectedException second =
        assertThrows(ImageRejectedException.class, () -> cache.getOrPrepare(fake, null, OPTIONS));
    assertEquals(RejectReason.NOT_AN_IMAGE, first.reason());
    assertEquals(RejectReason.NOT_AN_IMAGE, second.reason());
    assertEquals(fake.toString(), second.source());
    assertTrue(second.detail().startsWith(first.detail()), second.detail());
    assertEquals(new PreparedPairCache.Stats(1, 1, 1, 1, 0, 0), cache.stats());

    Path empty = dir.resolve("empty.png");
    Files.write(empty, new byte[0]);
    assertEquals(RejectReason.EMPTY_FILE, assertThrows(ImageRejectedException.class,
        () -> cache.getOrPrepare(empty, null, OPTIONS)).reason());
  }

  @Test
  void corruptEntriesAreMissesAndGetRewritten() throws Exception {
    Path file = source("b.bmp", Fixtures.photo(64, 64, 4), ".bmp");
    PreparedPairCache cache = new PreparedPairCache(dir.resolve("cache"));
    PreparedPair original = cache.getOrPrepare(file, null, OPTIONS);
    Path entry = entries(cache).get(0);
    byte[] good = Files.readAllBytes(entry);

    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 0x01;
    for (byte[] damaged : List.of(flipped, Arrays.copyOf(good, good.length / 2), new byte[3])) {
      Files.write(entry, damaged);
      long decodes = cache.stats().decodes();
      long corrupt = cache.stats().corrupt();
      PreparedPair again = cache.getOrPrepare(file, null, OPTIONS);
      assertArrayEquals(original.resized().rgb(), again.resized().rgb());
      assertEquals(decodes + 1, cache.stats().decodes());
      assertEquals(corrupt + 1, cache.stats().corrupt());
      assertArrayEquals(good, Files.readAllBytes(entry), "entry rewritten");
    }
    long hits = cache.stats().hits();
    cache.getOrPrepare(file, null, OPTIONS);
    assertEquals(hits + 1, cache.stats().hits());
  }

  @Test
  void entriesAreShardedPngBackedAndLeaveNoTemporaryFiles() throws Exception {
    PreparedPairCache cache = new PreparedPairCache(dir.resolve("cache"));
    for (int i = 0; i < 3; i++) {
      cache.getOrPrepare(source("s" + i + ".png", Fixtures.photo(50, 40, i), ".png"), null,
          OPTIONS);
    }
    List<Path> entries = entries(cache);
    assertEquals(3, entries.size());
    try (Stream<Path> all = Files.walk(cache.root())) {
      assertFalse(all.anyMatch(p -> p.getFileName().toString().contains(".tmp-")));
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      assertTrue(name.matches("[0-9a-f]{64}\\.czp"), name);
      assertEquals(name.substring(0, 2), entry.getParent().getFileName().toString());
      byte[] bytes = Files.readAllBytes(entry);
      assertTrue(indexOf(bytes, new byte[] {(byte) 0x89, 'P', 'N', 'G'}) > 0, "holds a PNG");
      assertTrue(bytes.length < 48 * 48 * 3 + 400, "compact: " + bytes.length);
    }
  }

  @Test
  void concurrentLookupsOfOneSourceAgree() throws Exception {
    Path file = source("c.webp", Fixtures.photo(90, 70, 5), ".webp");
    PreparedPairCache cache = new PreparedPairCache(dir.resolve("cache"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PreparedPair>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> cache.getOrPrepare(file, null, OPTIONS)));
      }
      byte[] expected = results.get(0).get().resized().rgb();
      for (Future<PreparedPair> result : results) {
        assertArrayEquals(expected, result.get().resized().rgb());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8, cache.stats().hits() + cache.stats().misses());
    assertEquals(1, entries(cache).size());
  }

  @Test
  void keyTextNamesContentOptionsAndCrop() {
    String key = PreparedPairCache.keyText("ab12", new Box(1, 2, 3, 4), OPTIONS);
    assertEquals("czpp" + PreparedPairCache.FORMAT_VERSION + ";sha256=ab12;prep"
        + PairPreparer.PREPARATION_VERSION + ";size=48;policy=STRETCH;reduced=slack0.0;"
        + "maxPixels=100000000;gray=reject(2,0.001);crop=1,2,3,4", key);
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        PreparedPairCache.sha256Hex(new byte[0]));
  }

  private static List<Path> entries(PreparedPairCache cache) throws Exception {
    try (Stream<Path> all = Files.walk(cache.root())) {
      return all.filter(p -> p.toString().endsWith(".czp")).sorted().toList();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
