package dev.colorize.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

  @TempDir Path tmp;

  private final List<DatasetIssue> issues = new ArrayList<>();

  private List<Sample> read(Path manifest) {
    return Fixtures.readAll(DatasetSpec.of("m", DatasetFormat.MANIFEST, manifest), issues);
  }

  @Test
  void readsRowsWithExplicitAndHashSplitsAndExtraColumns() {
    Path root = tmp.resolve("data");
    Fixtures.file(root, "img/a.jpg");
    Fixtures.file(root, "img/b.PNG");
    Fixtures.file(root, "img/" + Fixtures.nfd("김치") + ".jpg");
    Path manifest =
        Fixtures.text(
            root,
            "list.csv",
            "\uFEFFPath,Class,split,source\n"
                + "img/a.jpg,cat,test,web\n"
                + "\n"
                + "img/b.PNG,dog,,\n"
                + "\"" + root.resolve("img/" + Fixtures.nfd("김치") + ".jpg") + "\"," + Fixtures.nfd("김치") + ",train,\n");

    List<Sample> samples = read(manifest);

    assertEquals(List.of("img/a.jpg", "img/b.PNG", "img/김치.jpg"), Fixtures.ids(samples));
    assertEquals(Split.TEST, samples.get(0).split(), "explicit split overrides the hash");
    assertEquals("web", samples.get(0).attributes().get("source"));
    assertEquals(new SplitAssigner(SplitFractions.DEFAULT).assign("img/b.PNG"), samples.get(1).split());
    assertEquals("dog", samples.get(1).label());
    assertEquals("김치", samples.get(2).label());
    assertEquals(Split.TRAIN, samples.get(2).split());
    assertEquals("", samples.get(2).category());
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void refusesRowsOutsideTheRootAndReportsBadRowsWithTheirLine() throws Exception {
    Path root = tmp.resolve("data");
    Fixtures.file(root, "ok.jpg");
    Fixtures.file(tmp, "secret.jpg");
    Files.createSymbolicLink(root.resolve("link.jpg"), tmp.resolve("secret.jpg"));
    Path manifest =
        Fixtures.text(
            root,
            "list.csv",
            String.join(
                "\n",
                "path,class,split",
                "../secret.jpg,x,", // 2: .. escape
                tmp.resolve("secret.jpg") + ",x,", // 3: absolute elsewhere
                "link.jpg,x,", // 4: symlink escape
                "missing.jpg,x,", // 5
                "ok.jpg,,", // 6: no class
                "ok.jpg,x,holdout", // 7: bad split
                "list.csv,x,", // 8: not an image
                "\"multi",
                "line.jpg\",x,", // 9-10: quoted newline, missing file
                "ok.jpg,x", // 11: good, short row
                ""));

    List<Sample> samples = read(manifest);

    assertEquals(List.of("ok.jpg"), Fixtures.ids(samples));
    assertEquals(
        List.of(2, 3, 4, 5, 6, 7, 8, 9), issues.stream().map(DatasetIssue::line).toList(),
        issues::toString);
    for (int i = 0; i < 3; i++) {
      assertTrue(issues.get(i).message().startsWith("refused"), issues.get(i)::message);
      assertEquals(manifest, issues.get(i).file());
    }
  }

  @Test
  void brokenQuotingEndsTheReadWithAnIssue() {
    Path root = tmp.resolve("data");
    Fixtures.file(root, "a.jpg");
    Path manifest = Fixtures.text(root, "list.csv", "path,class\na.jpg,x\n\"b.jpg\"junk,y\n");
    List<Sample> samples = read(manifest);
    assertEquals(List.of("a.jpg"), Fixtures.ids(samples));
    assertEquals(1, issues.size(), issues::toString);
    assertEquals(3, issues.get(0).line());
  }

  @Test
  void separateRootAndManifestSetting() {
    Path root = tmp.resolve("data");
    Fixtures.file(root, "sub/a.jpg");
    Fixtures.text(root, "lists/m.csv", "path,class\n../sub/a.jpg,x\n");
    DatasetSpec spec =
        DatasetSpec.of("m", DatasetFormat.MANIFEST, root).withManifest(Path.of("lists/m.csv"));
    List<Sample> samples = Fixtures.readAll(spec, issues);
    assertEquals(List.of("sub/a.jpg"), Fixtures.ids(samples), "relative to the manifest's folder");
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void headerWithoutRequiredColumnsOrMissingFileIsAnError() {
    Path root = tmp.resolve("data");
    Path manifest = Fixtures.text(root, "list.csv", "file,label\na.jpg,x\n");
    DatasetException e = assertThrows(DatasetException.class, () -> read(manifest));
    assertEquals(manifest, e.path());
    assertTrue(e.getMessage().contains("'path' and 'class'"), e.getMessage());

    DatasetException folder =
        assertThrows(
            DatasetException.class,
            () -> DatasetReaders.open(DatasetSpec.of("m", DatasetFormat.MANIFEST, root), issues::add));
    assertEquals(root, folder.path());
    assertThrows(DatasetException.class, () -> read(root.resolve("nope.csv")));
  }
}
