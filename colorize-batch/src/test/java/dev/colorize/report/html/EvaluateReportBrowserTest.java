package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The evaluate report in a real browser (headless Chromium), opened from {@code file://} as a
 * reader opens it from a CI artifact. Screenshots go to {@code target/report-browser/}.
 */
class EvaluateReportBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "report-browser");

  @TempDir static Path dir;
  private static String url;
  private static ChromeDriver browser;

  @BeforeAll
  static void evaluateAndOpenTheReport() throws Exception {
    if (HeadlessChromium.missing() != null) {
      return; // each test then fails (CI) or is skipped with the reason
    }
    Path data = ReportFixtures.folderDataset(dir.resolve("data"), 4);
    ReportFixtures.evaluate(ReportFixtures.configuration(dir.resolve("work"), data, null),
        dir.resolve("config.json"));
    url = dir.resolve("work/evaluate/report/index.html").toUri().toString();
    browser = HeadlessChromium.open();
  }

  @AfterAll
  static void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void loadThePage() {
    HeadlessChromium.require();
    browser.get(url);
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> (Boolean) js(
        "return document.readyState === 'complete'"
            + " && Array.from(document.images).every(i => i.complete);"));
  }

  @Test
  void everyImageLoadsAndNothingLeavesFileUrls(TestInfo test) throws IOException {
    @SuppressWarnings("unchecked")
    List<String> broken = (List<String>) js("return Array.from(document.images)"
        + ".filter(i => i.hasAttribute('src') && i.naturalWidth === 0).map(i => i.src);");
    assertEquals(List.of(), broken, "images that did not load");
    long images = (Long) js("return document.querySelectorAll('table.gallery img[src]').length;");
    assertTrue(images >= 4 * 3, "gray, truth and two predictions per row, got " + images);
    @SuppressWarnings("unchecked")
    List<String> resources = (List<String>) js("return performance.getEntriesByType('resource')"
        + ".map(e => e.name).filter(n => !n.startsWith('file:'));");
    assertEquals(List.of(), resources, "requests outside file://");
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "console errors");
    screenshot(test);
  }

  @Test
  void sortingAColumnReordersTheRows(TestInfo test) throws IOException {
    WebElement header = browser.findElement(By.xpath(
        "//table[@id='summary-table']/thead//th[normalize-space()='model']"));
    header.click();
    List<String> ascending = models();
    header.click();
    List<String> descending = models();
    assertEquals(List.of("gray", "gray-again"), ascending);
    assertEquals(List.of("gray-again", "gray"), descending, "the second click reverses");
    screenshot(test);
  }

  @Test
  void aClickOnAThumbnailEnlargesIt(TestInfo test) throws IOException {
    WebElement lightbox = browser.findElement(By.id("lightbox"));
    assertFalse(lightbox.isDisplayed());
    WebElement thumbnail = firstVisible("table.gallery td[data-column=m0] img");
    int small = thumbnail.getSize().getWidth();
    thumbnail.click();
    assertTrue(lightbox.isDisplayed());
    WebElement large = lightbox.findElement(By.tagName("img"));
    assertEquals(thumbnail.getDomProperty("src"), large.getDomProperty("src"));
    assertTrue(large.getSize().getWidth() > 2 * small,
        "enlarged: " + large.getSize().getWidth() + " px against " + small);
    screenshot(test);
    lightbox.click();
    assertFalse(lightbox.isDisplayed(), "a second click closes it");
  }

  @Test
  void theSliderMovesTheSplitBetweenTheColumnsTheReaderPicks(TestInfo test) throws IOException {
    new Select(browser.findElement(By.id("compare-before"))).selectByValue("gray");
    new Select(browser.findElement(By.id("compare-after"))).selectByValue("m1");
    WebElement cell = firstVisible("td.compare");
    WebElement row = cell.findElement(By.xpath(".."));
    WebElement left = cell.findElement(By.cssSelector("img.compare-left"));
    WebElement right = cell.findElement(By.cssSelector("img.compare-right"));
    assertEquals(row.findElement(By.cssSelector("td[data-column=gray] img")).getDomProperty("src"),
        left.getDomProperty("src"));
    assertEquals(row.findElement(By.cssSelector("td[data-column=m1] img")).getDomProperty("src"),
        right.getDomProperty("src"));
    String middle = left.getCssValue("clip-path");
    WebElement slider = cell.findElement(By.cssSelector("input.compare-split"));
    slider.sendKeys(Keys.HOME);
    String allRight = left.getCssValue("clip-path");
    slider.sendKeys(Keys.END);
    String allLeft = left.getCssValue("clip-path");
    assertTrue(middle.contains("50%"), middle);
    assertTrue(allRight.contains("100%"), "left image hidden at 0: " + allRight);
    assertNotEquals(allRight, allLeft);
    assertFalse(allLeft.contains("100%"), "left image whole at 100: " + allLeft);
    screenshot(test);
  }

  @Test
  void changingTheGalleryMetricShowsItsGallery() {
    String shown = visibleGalleryMetric();
    assertEquals("delta_e2000", shown, "the default");
    new Select(browser.findElement(By.id("gallery-metric"))).selectByValue("psnr");
    assertEquals("psnr", visibleGalleryMetric());
  }

  @Test
  void aCraftedFileNameIsTextThatRunsNothingAndHangulIsVisible(TestInfo test)
      throws IOException {
    String gallery = browser.findElement(By.id("gallery")).getText();
    assertTrue(gallery.contains(ReportFixtures.CRAFTED), "shown as text");
    assertTrue(gallery.contains(ReportFixtures.HANGUL_CLASS), "Hangul visible");
    assertTrue(browser.findElement(By.id("skipped")).getText().contains("<b>not an image.jpg"));
    assertEquals(0L, js("return document.querySelectorAll('[onerror], img[src=\"x\"], b').length;"));
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    screenshot(test);
  }

  private List<String> models() {
    return browser.findElements(By.cssSelector("#summary-table tbody tr td:nth-child(2)"))
        .stream().map(WebElement::getText).toList();
  }

  private String visibleGalleryMetric() {
    return browser.findElements(By.cssSelector("div.gallery-metric")).stream()
        .filter(WebElement::isDisplayed).map(e -> e.getDomAttribute("data-key"))
        .reduce((a, b) -> a + "," + b).orElse("");
  }

  private static WebElement firstVisible(String css) {
    return browser.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed)
        .findFirst().orElseThrow(() -> new AssertionError("nothing visible matches " + css));
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static void screenshot(TestInfo test) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
