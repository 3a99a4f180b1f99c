package dev.colorize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.ColorizeCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

  @TempDir Path dir;

  private static final String HEADER = "dataset,model,class,count,no_chroma,psnr_mean,psnr_std,"
      + "ssim_mean,ssim_std,colorfulness_delta_mean,colorfulness_delta_std,delta_e2000_mean,"
      + "delta_e2000_std,fid";

  private Path summary(String name, String... rows) throws Exception {
    Path file = dir.resolve(name);
    List<String> lines = new java.util.ArrayList<>(List.of(HEADER));
    lines.addAll(List.of(rows));
    Files.write(file, lines);
    return file;
  }

  @Test
  void modelsAreComparedWithTheBaselineOfTheSameDatasetAcrossRuns() throws Exception {
    Path before = summary("before.csv",
        "food,gray,(all),10,10,20,1,0.8,0.1,-30,1,12,1,",
        "food,gray,kimchi,5,5,19,1,0.7,0.1,-31,1,13,1,",
        "food,net,(all),10,0,19,1,0.7,0.1,40,1,13,1,5.5");
    Path after = summary("after.csv",
        "food,net-finetuned,(all),10,0,21,1,0.85,0.1,-10,1,9.5,1,");
    List<Comparison.Row> rows = Comparison.compare(List.of(new Comparison.Run("pre", before),
        new Comparison.Run("post", after)), "gray");
    assertEquals(3, rows.size(), "overall rows only");
    assertEquals(List.of(), rows.get(0).better(), "the baseline is not compared with itself");
    assertEquals(List.of(), rows.get(1).better(), "worse everywhere (|40| > |-30|)");
    // post has no gray row: the baseline of the same dataset in another run is used.
    assertEquals(List.of("psnr", "ssim", "colorfulness_delta", "delta_e2000"),
        rows.get(2).better());

    Path out = dir.resolve("comparison.csv");
    Comparison.write(rows, "gray", out);
    List<String> lines = Files.readAllLines(out);
    assertTrue(lines.get(0).endsWith("delta_e2000_minus_gray,fid_minus_gray,better_than_gray"),
        lines.get(0));
    assertTrue(lines.get(3).startsWith("post,food,net-finetuned,10,21,0.85,,,-10,,,9.5,,1,0.05,"),
        lines.get(3));
  }

  @Test
  void aFileThatIsNotASummaryIsRefusedByName() throws Exception {
    Path bad = dir.resolve("scores.csv");
    Files.writeString(bad, "id,psnr\na,1\n");
    var e = assertThrows(IllegalArgumentException.class,
        () -> Comparison.compare(List.of(new Comparison.Run("x", bad)), "gray"));
    assertTrue(e.getMessage().contains("has no column 'dataset'"), e.getMessage());
  }

  @Test
  void theCommandWritesTheFileAndRefusesAMissingSummary() throws Exception {
    Path before = summary("b.csv", "food,gray,(all),10,10,20,1,0.8,0.1,-30,1,12,1,");
    Path out = dir.resolve("c.csv");
    assertEquals(0, ColorizeCli.run("compare", "--summary", "pre=" + before, "--out",
        out.toString()));
    assertTrue(Files.exists(out));
    assertEquals(2, ColorizeCli.run("compare", "--summary", "pre=" + dir.resolve("nope.csv"),
        "--out", out.toString()));
  }
}
