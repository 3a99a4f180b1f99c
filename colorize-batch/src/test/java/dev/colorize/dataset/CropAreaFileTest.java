package dev.colorize.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CropAreaFileTest {

  @TempDir Path dir;

  private final List<DatasetIssue> issues = new ArrayList<>();

  private Map<String, CropAreaFile.Entry> parse(String content) throws Exception {
    Path f = Fixtures.text(dir, "crop_area.properties", content);
    return CropAreaFile.read(f, (file, line, msg) -> issues.add(new DatasetIssue(file, line, msg)));
  }

  @Test
  void parsesEveryQuirkSeenInTheRelease() throws Exception {
    Map<String, CropAreaFile.Entry> e =
        parse(
            String.join(
                "\n",
                "Img_000_0000=10,20,300,200",
                "Img_000_0001=300,200",
                "Img_000_0002=,10,20,30,40",
                "Img_000_0003=dissimilar,5,6,70,80",
                "Img_000_0004=open 1,2,3,4",
                "Img_000_0005=11,12,13,14   some trailing junk",
                "Img_000_0006 = 1, 2, 3, 4",
                "Img_000_0007.jpg=9,9,9,9",
                "Img_000_0008=7,7,7,7,",
                ""));
    assertEquals(List.of(10.0, 20.0, 300.0, 200.0), e.get("img_000_0000").crop().values());
    assertEquals(List.of(300.0, 200.0), e.get("img_000_0001").crop().values());
    assertEquals(List.of(10.0, 20.0, 30.0, 40.0), e.get("img_000_0002").crop().values());
    assertEquals(List.of(5.0, 6.0, 70.0, 80.0), e.get("img_000_0003").crop().values());
    assertEquals("dissimilar", e.get("img_000_0003").note());
    assertEquals("open", e.get("img_000_0004").note());
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), e.get("img_000_0004").crop().values());
    assertEquals(List.of(11.0, 12.0, 13.0, 14.0), e.get("img_000_0005").crop().values());
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), e.get("img_000_0006").crop().values());
    assertEquals(List.of(9.0, 9.0, 9.0, 9.0), e.get("img_000_0007").crop().values());
    assertEquals(List.of(7.0, 7.0, 7.0, 7.0), e.get("img_000_0008").crop().values());
    assertEquals("", e.get("img_000_0000").note());
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void badLinesAreReportedWithLineNumbersAndSkipped() throws Exception {
    Map<String, CropAreaFile.Entry> e =
        parse(
            String.join(
                "\n",
                "# comment",
                "Img_000_0000=1,2,3",
                "Img_000_0001=5",
                "no separator here",
                "Img_000_0002=dissimilar",
                "Img_000_0003=1,2,3,4,5",
                "=1,2,3,4",
                "Img_000_0004=1,2,3,4x",
                "Img_000_0005=1,2,3,4"));
    assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), issues.stream().map(DatasetIssue::line).toList());
    assertTrue(issues.get(0).message().contains("too few"), issues.get(0)::message);
    assertTrue(issues.get(4).message().contains("too many"), issues.get(4)::message);
    // The junk-suffixed line still yields its numbers; the following good line is read.
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), e.get("img_000_0004").crop().values());
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), e.get("img_000_0005").crop().values());
    assertFalse(e.containsKey("img_000_0000"));
    assertEquals(2, e.size());
    assertTrue(issues.get(0).toString().endsWith("crop_area.properties:2: " + issues.get(0).message()));
  }

  @Test
  void readsEucKrAndUtf8WithBom() throws Exception {
    String content = "# 만두 자르기\nImg_001_0000=1,2,3,4\nImg_001_0001=열림 5,6,7,8\n";
    for (Charset cs : new Charset[] {Charset.forName("EUC-KR"), Charset.forName("x-windows-949")}) {
      Path f = Fixtures.text(dir, "k/crop_area.properties", content, cs);
      Map<String, CropAreaFile.Entry> e =
          CropAreaFile.read(f, (file, line, msg) -> issues.add(new DatasetIssue(file, line, msg)));
      assertEquals("열림", e.get("img_001_0001").note(), cs.name());
      assertEquals(List.of(1.0, 2.0, 3.0, 4.0), e.get("img_001_0000").crop().values());
    }
    Map<String, CropAreaFile.Entry> e = parse("\uFEFFImg_001_0000=1,2,3,4\n");
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), e.get("img_001_0000").crop().values());
    assertTrue(issues.isEmpty(), issues::toString);
  }

  @Test
  void duplicateKeyLaterWinsAndIsReported() throws Exception {
    Map<String, CropAreaFile.Entry> e = parse("Img_1=1,2,3,4\r\nImg_1=5,6,7,8\r\n");
    assertEquals(List.of(5.0, 6.0, 7.0, 8.0), e.get("img_1").crop().values());
    assertEquals(1, issues.size());
    assertEquals(2, issues.get(0).line());
  }
}
