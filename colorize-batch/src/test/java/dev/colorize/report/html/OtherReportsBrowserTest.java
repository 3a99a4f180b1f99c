package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.CliRun;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The finetune page, the colorize contact sheet and the compare page in headless Chromium, from {@code file://}:
 * every image loads, nothing is fetched from elsewhere, the console stays clean. Screenshots go
 * to {@code target/report-browser/}.
 */
class OtherReportsBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "report-browser");

  @TempDir static Path dir;
  private static final Map<String, String> URLS = new java.util.HashMap<>();
  private static ChromeDriver browser;

  @BeforeAll
  static void writeThePagesAndOpenTheBrowser() throws Exception {
    if (HeadlessChromium.missing() != null) {
      return; // each test then fails (CI) or is skipped with the reason
    }
    Path finetune = FinetuneFixture.write(dir.resolve("finetune"), 5, 4, 3, false, 5);
    URLS.put("finetune", FinetuneReport.write(finetune).toUri().toString());

    Path data = ReportFixtures.folderDataset(dir.resolve("photos"), 3);
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.imageSize = 64;
    config.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray")));
    config.write(dir.resolve("config.json"));
    CliRun.Result run = CliRun.run("colorize", "--config", dir.resolve("config.json").toString(),
        "--model", "gray", "--input", data.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    URLS.put("colorize", dir.resolve("work/colorize/report/index.html").toUri().toString());
    URLS.put("compare", CompareReportTest.compare(Files.createDirectories(dir.resolve("compare")))
        .toUri().toString());
    browser = HeadlessChromium.open();
  }

  @AfterAll
  static void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static void load(String page) {
    HeadlessChromium.require();
    browser.manage().logs().get(LogType.BROWSER); // drop what an earlier page logged
    browser.get(URLS.get(page));
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> (Boolean) js(
        "return document.readyState === 'complete'"
            + " && Array.from(document.images).every(i => i.complete);"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"finetune", "colorize", "compare"})
  void everyImageLoadsNothingLeavesFileUrlsAndTheConsoleIsClean(String page) throws IOException {
    load(page);
    @SuppressWarnings("unchecked")
    List<String> broken = (List<String>) js("return Array.from(document.images)"
        + ".filter(i => i.hasAttribute('src') && i.naturalWidth === 0).map(i => i.src);");
    assertEquals(List.of(), broken, "images that did not load");
    long images = (Long) js("return document.querySelectorAll('img[src]').length;");
    assertTrue(images >= 4, page + ": only " + images + " images");
    @SuppressWarnings("unchecked")
    List<String> resources = (List<String>) js("return performance.getEntriesByType('resource')"
        + ".map(e => e.name).filter(n => !n.startsWith('file:'));");
    assertEquals(List.of(), resources, "requests outside file://");
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "console errors");
    assertEquals(0L, js("return document.querySelectorAll('[onerror], img[src=\"x\"]').length;"));
    screenshot(page);
  }

  @Test
  void theFinetuneValidationTableSortsAndAnEpochImageEnlarges() throws IOException {
    load("finetune");
    WebElement header = browser.findElement(By.xpath(
        "//table[@id='validation-table']/thead//th[normalize-space()='delta_e2000']"));
    header.click();
    assertEquals("12", firstCell(), "the best epoch (step 12) has the lowest delta_e2000");
    header.click();
    assertEquals("20", firstCell(), "reversed: the worst (last) epoch first");
    WebElement image = browser.findElement(By.cssSelector("#epoch-images tbody img"));
    image.click();
    WebElement lightbox = browser.findElement(By.id("lightbox"));
    assertTrue(lightbox.isDisplayed());
    assertEquals(image.getDomProperty("src"),
        lightbox.findElement(By.tagName("img")).getDomProperty("src"));
    lightbox.click();
    assertFalse(lightbox.isDisplayed());
  }

  @Test
  void theContactSheetShowsTheCraftedNameAsTextAndTheHangulFolder() {
    load("colorize");
    String photos = browser.findElement(By.id("photos")).getText();
    assertTrue(photos.contains(ReportFixtures.CRAFTED), photos);
    assertTrue(photos.contains(ReportFixtures.HANGUL_CLASS + "/"), photos);
    assertTrue(browser.findElement(By.id("skipped")).getText().contains("<b>not an image.jpg"));
  }

  private static String firstCell() {
    return browser.findElement(By.cssSelector("#validation-table tbody tr td")).getText();
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static void screenshot(String page) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(page + "-report.png"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
