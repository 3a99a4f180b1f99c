package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** colorize compare writes comparison-report/index.html beside comparison.csv. */
class CompareReportTest {

  static final String CRAFTED = "<img src=x onerror=alert(1)>";
  private static final String HEADER = "dataset,model,class,count,no_chroma,psnr_mean,psnr_std,"
      + "ssim_mean,ssim_std,colorfulness_delta_mean,colorfulness_delta_std,delta_e2000_mean,"
      + "delta_e2000_std,fid";

  @TempDir Path dir;

  /** Two summaries (before and after fine-tuning) compared through the CLI; returns the page. */
  static Path compare(Path dir) throws Exception {
    Path before = summary(dir.resolve("before.csv"),
        "음식,gray,(all),10,10,20,1,0.8,0.1,-30,1,12,1,",
        "음식," + CRAFTED + ",(all),10,0,19,1,0.7,0.1,40,1,13,1,5.5");
    Path after = summary(dir.resolve("after.csv"),
        "음식,gray,(all),10,10,20,1,0.8,0.1,-30,1,12,1,",
        "음식," + CRAFTED + "-finetuned,(all),10,0,21,1,0.85,0.1,-10,1,9.5,1,");
    CliRun.Result run = CliRun.run("compare", "--summary", "pre=" + before, "--summary",
        "post=" + after, "--out", dir.resolve("out/comparison.csv").toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    Path index = dir.resolve("out/comparison-report/index.html");
    assertTrue(run.out().contains("colorize compare: report " + index), run.out());
    return index;
  }

  private static Path summary(Path file, String... rows) throws Exception {
    List<String> lines = new ArrayList<>(List.of(HEADER));
    lines.addAll(List.of(rows));
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void theTableAndAChartPerMetricAgainstTheBaseline() throws Exception {
    Path index = compare(dir);
    Document page = Jsoup.parse(index.toFile(), "UTF-8");
    assertEquals(4, page.select("#comparison-table tbody tr").size());
    assertEquals(2, page.select("#comparison-table tbody tr.best").size(), "gray in each run");
    assertEquals(List.of("psnr", "ssim", "colorfulness_delta", "delta_e2000"),
        page.select("#charts img").eachAttr("alt").stream()
            .map(a -> a.split(" ")[1]).toList(), "fid has no baseline value: no chart");
    for (String src : page.select("#charts img").eachAttr("src")) {
      assertTrue(Files.size(index.resolveSibling(src)) > 1000, src);
    }
    String post = page.select("#comparison-table tbody tr").get(3).text();
    assertTrue(post.contains("psnr ssim colorfulness_delta delta_e2000"), post);
  }

  @Test
  void modelNamesFromTheSummariesAreText() throws Exception {
    Path index = compare(dir);
    Document page = Jsoup.parse(index.toFile(), "UTF-8");
    assertTrue(page.select("[onerror]").isEmpty());
    assertTrue(page.select("img[src=x]").isEmpty());
    assertTrue(page.select("#comparison-table").text().contains(CRAFTED + "-finetuned"));
    assertTrue(page.select("#comparison-table").text().contains("음식"));
    assertTrue(Files.readString(index, StandardCharsets.UTF_8)
        .contains("&lt;img src=x onerror=alert(1)&gt;"));
  }
}
