package dev.colorize.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.Box;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoodReaderTest {

  @TempDir Path root;

  private final List<DatasetIssue> issues = new ArrayList<>();

  private List<Sample> read() {
    return Fixtures.readAll(DatasetSpec.of("kfood", DatasetFormat.AIHUB_FOOD, root), issues);
  }

  private static Map<String, Sample> byId(List<Sample> samples) {
    return samples.stream().collect(Collectors.toMap(Sample::id, Function.identity()));
  }

  @Test
  void readsClassesCategoriesAndCropsWithTheirQuirks() {
    Fixtures.file(root, "만두/만두/Img_050_0000.jpg");
    Fixtures.file(root, "만두/만두/Img_050_0001.JPG");
    Fixtures.file(root, "만두/만두/Img_050_0002.PNG");
    Fixtures.file(root, "만두/만두/Img_050_0003.jpeg");
    Fixtures.file(root, "만두/만두/Img_050_0004.gif");
    Fixtures.file(root, "만두/만두/Img_050_0005.Bmp");
    Fixtures.text(
        root,
        "만두/만두/crop_area.properties",
        "Img_050_0000=10,20,30,40\n"
            + "Img_050_0001=300,200\n"
            + "Img_050_0002=,1,2,3,4\n"
            + "Img_050_0003=dissimilar,5,6,7,8\n"
            + "Img_050_0004=9,9,9,9    trailing junk\n");
    Fixtures.file(root, "탕/곰탕_설렁탕/Img_120_0000.jpg");
    Fixtures.text(root, "탕/곰탕_설렁탕/crop_area.properties", "Img_120_0000=open 0,0,50,60\n");

    List<Sample> samples = read();

    assertEquals(
        List.of(
            "만두/만두/Img_050_0000.jpg",
            "만두/만두/Img_050_0001.JPG",
            "만두/만두/Img_050_0002.PNG",
            "만두/만두/Img_050_0003.jpeg",
            "만두/만두/Img_050_0004.gif",
            "만두/만두/Img_050_0005.Bmp",
            "탕/곰탕_설렁탕/Img_120_0000.jpg"),
        Fixtures.ids(samples));
    Map<String, Sample> s = byId(samples);
    Sample first = s.get("만두/만두/Img_050_0000.jpg");
    assertEquals("만두", first.label());
    assertEquals("만두", first.category());
    assertEquals(root.resolve("만두/만두/Img_050_0000.jpg"), first.path());
    assertEquals(CropArea.of(10, 20, 30, 40), first.crop());
    assertEquals(new Box(0, 0, 300, 200), s.get("만두/만두/Img_050_0001.JPG").crop().resolve(640, 480));
    assertEquals(CropArea.of(1, 2, 3, 4), s.get("만두/만두/Img_050_0002.PNG").crop());
    Sample dissimilar = s.get("만두/만두/Img_050_0003.jpeg");
    assertEquals(CropArea.of(5, 6, 7, 8), dissimilar.crop());
    assertEquals("dissimilar", dissimilar.attributes().get(FoodReader.CROP_NOTE));
    assertEquals(CropArea.of(9, 9, 9, 9), s.get("만두/만두/Img_050_0004.gif").crop());
    assertNull(s.get("만두/만두/Img_050_0005.Bmp").crop(), "no entry: no crop, not an error");
    Sample gomtang = s.get("탕/곰탕_설렁탕/Img_120_0000.jpg");
    assertEquals("곰탕_설렁탕", gomtang.label());
    assertEquals("탕", gomtang.category());
    assertEquals(CropArea.of(0, 0, 50, 60), gomtang.crop());
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void nfdFolderNamesGiveNfcIdsAndLabels() {
    String category = Fixtures.nfd("찌개");
    String cls = Fixtures.nfd("김치찌개");
    Fixtures.file(root, category + "/" + cls + "/Img_100_0001.jpg");
    Fixtures.text(root, category + "/" + cls + "/crop_area.properties", "Img_100_0001=1,2,3,4\n");

    List<Sample> samples = read();

    assertEquals(1, samples.size());
    Sample s = samples.get(0);
    assertEquals("찌개/김치찌개/Img_100_0001.jpg", s.id());
    assertTrue(Normalizer.isNormalized(s.id(), Normalizer.Form.NFC));
    assertTrue(!s.id().equals(Normalizer.normalize(s.id(), Normalizer.Form.NFD)));
    assertEquals("김치찌개", s.label());
    assertEquals("찌개", s.category());
    assertEquals(CropArea.of(1, 2, 3, 4), s.crop());
    // The path still points at the real (NFD-named) file.
    assertTrue(s.path().toString().contains(cls));
  }

  @Test
  void cp949PropertiesAndMalformedLinesReportedWhileReadingContinues() {
    Fixtures.file(root, "전/파전/Img_001_0000.jpg");
    Fixtures.file(root, "전/파전/Img_001_0001.jpg");
    Fixtures.file(root, "전/파전/Img_001_0002.jpg");
    Fixtures.text(
        root,
        "전/파전/crop_area.properties",
        "# 파전 영역\nImg_001_0000=1,2,3\nImg_001_0001=열림 4,5,6,7\n",
        Charset.forName("x-windows-949"));

    List<Sample> samples = read();

    assertEquals(3, samples.size());
    assertNull(samples.get(0).crop());
    assertEquals(CropArea.of(4, 5, 6, 7), samples.get(1).crop());
    assertEquals("열림", samples.get(1).attributes().get(FoodReader.CROP_NOTE));
    assertEquals(1, issues.size());
    DatasetIssue issue = issues.get(0);
    assertEquals(root.resolve("전/파전/crop_area.properties"), issue.file());
    assertEquals(2, issue.line());
    assertTrue(issue.message().contains("too few"), issue::message);
  }

  @Test
  void skipsHiddenAndNonImageFilesSilentlyAndReportsMisplacedImages() {
    Fixtures.file(root, "밥/비빔밥/Img_010_0000.jpg");
    Fixtures.file(root, "밥/비빔밥/._Img_010_0000.jpg");
    Fixtures.file(root, "밥/비빔밥/.DS_Store");
    Fixtures.file(root, "밥/비빔밥/Thumbs.db");
    Fixtures.file(root, "밥/비빔밥/notes.txt");
    Fixtures.file(root, "밥/.hidden/Img_010_0001.jpg");
    Fixtures.file(root, "__MACOSX/밥/비빔밥/._Img_010_0000.jpg");
    Fixtures.file(root, "밥/stray.jpg");

    List<Sample> samples = read();

    assertEquals(List.of("밥/비빔밥/Img_010_0000.jpg"), Fixtures.ids(samples));
    assertEquals(1, issues.size(), issues::toString);
    assertEquals(root.resolve("밥/stray.jpg"), issues.get(0).file());
  }

  @Test
  void cropFileOfAFolderIsNotReadWhenNoSampleOfItIsReturned() {
    Fixtures.file(root, "a/a1/Img_000_0000.jpg");
    Fixtures.text(root, "a/a1/crop_area.properties", "Img_000_0000=1,2,3,4\n");
    Fixtures.file(root, "b/b1/Img_001_0000.jpg");
    Fixtures.text(root, "b/b1/crop_area.properties", "broken line\n");

    List<Sample> limited =
        Fixtures.readAll(
            DatasetSpec.of("kfood", DatasetFormat.AIHUB_FOOD, root).withLimit(1), issues);
    assertEquals(1, limited.size());
    assertTrue(issues.isEmpty(), "b/b1's crop file must not be parsed: " + issues);

    Fixtures.readAll(DatasetSpec.of("kfood", DatasetFormat.AIHUB_FOOD, root), issues);
    assertEquals(1, issues.size(), "read in full, the broken line is reported once");
  }
}
