package dev.colorize.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.Box;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectReaderTest {

  @TempDir Path root;

  private final List<DatasetIssue> issues = new ArrayList<>();

  private static final String FOLDER =
      "유적건조물/1_유적건조물/1/1234_유적건조물_궁궐_건물_목조_근정전_월대";

  private List<Sample> read() {
    return Fixtures.readAll(DatasetSpec.of("objects", DatasetFormat.AIHUB_OBJECT, root), issues);
  }

  @Test
  void readsBoxesTagsAndFolderFields() {
    Fixtures.file(root, FOLDER + "/1234_0001_0001.jpg");
    Fixtures.text(
        root,
        FOLDER + "/1234_0001_0001.json",
        "{\"regions\": [{\"boxcorners\": [10, 20, 110, 220],"
            + " \"tags\": [\"궁궐\", \"勤政殿\"],"
            + " \"sem_ext\": [{\"value\": \"「경복궁」의 정전\"}, {\"value\": \"서울 종로구\"}]},"
            + " {\"boxcorners\": [300, 250, 200, 150], \"tags\": [\"월대\"]}]}");

    List<Sample> samples = read();

    assertEquals(1, samples.size());
    Sample s = samples.get(0);
    assertEquals(FOLDER + "/1234_0001_0001.jpg", s.id());
    assertEquals("근정전_월대", s.label(), "the object name keeps its underscores");
    assertEquals("유적건조물", s.category());
    assertEquals(
        List.of(new Box(10, 20, 100, 200), new Box(200, 150, 100, 100)), s.instances(),
        "second box had reversed corners and is swapped");
    Map<String, String> a = s.attributes();
    assertEquals("1234", a.get(ObjectReader.OBJECT_ID));
    assertEquals("궁궐", a.get(ObjectReader.F2));
    assertEquals("건물", a.get(ObjectReader.F3));
    assertEquals("목조", a.get(ObjectReader.F4));
    assertEquals("궁궐", a.get("tag.0"));
    assertEquals("勤政殿", a.get("tag.1"));
    assertEquals("「경복궁」의 정전", a.get("sem_ext.0"));
    assertEquals("서울 종로구", a.get("sem_ext.1"));
    assertEquals("월대", a.get("region.1.tag.0"));
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void missingOrMalformedJsonIsReportedAndTheImageKept() {
    Fixtures.file(root, FOLDER + "/1234_0001_0001.jpg"); // no json
    Fixtures.file(root, FOLDER + "/1234_0001_0002.jpg");
    Fixtures.text(root, FOLDER + "/1234_0001_0002.json", "{\n  \"regions\": [\n  {\"boxcorners\": [1,2,\n");
    Fixtures.file(root, FOLDER + "/1234_0001_0003.jpg");
    Fixtures.text(root, FOLDER + "/1234_0001_0003.json", "{\"regions\": [{\"boxcorners\": [5, 5, 5, 9]}]}");
    Fixtures.file(root, FOLDER + "/1234_0001_0004.jpg");
    Fixtures.text(root, FOLDER + "/1234_0001_0004.json", "{\"regions\": [{\"boxcorners\": [\"1\", 2, \"x\", 4]}]}");
    Fixtures.file(root, FOLDER + "/1234_0001_0005.jpg");
    Fixtures.text(root, FOLDER + "/1234_0001_0005.json", "{\"regions\": [{\"boxcorners\": [\"1\", \"2\", \"30\", \"40\"]}]}");

    List<Sample> samples = read();

    assertEquals(5, samples.size());
    for (int i = 0; i < 4; i++) {
      assertTrue(samples.get(i).instances().isEmpty(), samples.get(i).id());
      assertEquals("근정전_월대", samples.get(i).label());
    }
    assertEquals(List.of(new Box(1, 2, 29, 38)), samples.get(4).instances());
    assertEquals(4, issues.size(), issues::toString);
    assertTrue(issues.get(0).message().contains("no same-name .json"));
    assertEquals(root.resolve(FOLDER + "/1234_0001_0002.json"), issues.get(1).file());
    assertTrue(issues.get(1).line() >= 3, "malformed JSON reported at its line: " + issues.get(1));
    assertTrue(issues.get(2).message().contains("zero width"), issues.get(2)::message);
    assertTrue(issues.get(3).message().contains("non-number"), issues.get(3)::message);
  }

  @Test
  void badFolderNameIsReportedOnceAndItsImagesSkipped() {
    Fixtures.file(root, "objects/misc_folder/a.jpg");
    Fixtures.file(root, "objects/misc_folder/b.jpg");
    Fixtures.file(root, "objects/9_도구_생활_주방_금속_가위/9_0001_0001.jpg");

    List<Sample> samples = read();

    assertEquals(List.of("objects/9_도구_생활_주방_금속_가위/9_0001_0001.jpg"), Fixtures.ids(samples));
    assertEquals("가위", samples.get(0).label());
    assertEquals("도구", samples.get(0).category());
    // One issue for the folder and one for the missing JSON of the good image.
    assertEquals(2, issues.size(), issues::toString);
    // "9_..." sorts before "misc_folder".
    assertEquals(root.resolve("objects/misc_folder"), issues.get(1).file());
    assertTrue(issues.get(1).message().contains("misc_folder"), issues.get(1)::message);
  }

  @Test
  void jsonIsNotParsedForImagesOutsideTheRequestedSplit() {
    for (int i = 0; i < 40; i++) {
      String base = FOLDER + String.format("/1234_0001_%04d", i);
      Fixtures.file(root, base + ".jpg");
      Fixtures.text(root, base + ".json", "not json at all");
    }
    DatasetSpec spec =
        DatasetSpec.of("objects", DatasetFormat.AIHUB_OBJECT, root).withSplitFilter(SplitFilter.TEST);
    List<Sample> samples = Fixtures.readAll(spec, issues);
    assertTrue(samples.stream().allMatch(s -> s.split() == Split.TEST));
    assertEquals(samples.size(), issues.size(), "only admitted samples had their JSON parsed");
    assertTrue(samples.size() < 40);
  }

  @Test
  void skipResumesAtTheSameSampleWithoutParsingSkippedAnnotations() {
    for (int i = 0; i < 10; i++) {
      String base = FOLDER + String.format("/1234_0001_%04d", i);
      Fixtures.file(root, base + ".jpg");
      Fixtures.text(root, base + ".json", "{broken");
    }
    DatasetSpec spec = DatasetSpec.of("objects", DatasetFormat.AIHUB_OBJECT, root);
    List<String> all = Fixtures.ids(Fixtures.readAll(spec, issues));
    assertEquals(10, issues.size());
    issues.clear();

    List<String> rest = new ArrayList<>();
    try (DatasetReader reader = DatasetReaders.open(spec, issues::add)) {
      assertEquals(6, reader.skip(6));
      reader.forEachRemaining(s -> rest.add(s.id()));
      assertEquals(0, reader.skip(3), "nothing left to skip");
    }
    assertEquals(all.subList(6, 10), rest);
    assertEquals(4, issues.size(), "only the four returned samples had their JSON parsed");
  }
}
