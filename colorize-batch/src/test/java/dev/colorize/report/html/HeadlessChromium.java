package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver} driven by Selenium, headless. Both
 * executables are given explicitly, so Selenium never looks for or downloads a browser or driver
 * of its own. Where they are missing, a test needing them fails when {@code COLORIZE_CI} or
 * {@code CI} (set by most CI services) is set ({@code .ci/run} installs them) and is otherwise
 * aborted (reported as skipped) with the reason.
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of(System.getenv().getOrDefault("COLORIZE_TEST_CHROMIUM",
      "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getenv().getOrDefault("COLORIZE_TEST_CHROMEDRIVER",
      "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  /** What is missing, or null when both executables are there. */
  static String missing() {
    return !Files.isExecutable(BROWSER) ? BROWSER + " is not there"
        : !Files.isExecutable(DRIVER) ? DRIVER + " is not there" : null;
  }

  /**
   * Fails (CI) or aborts (elsewhere) the calling test unless both executables are there. Call it
   * from each test (or {@code @BeforeEach}), so every test is reported as skipped with the reason.
   */
  static void require() {
    String missing = missing();
    if (missing != null) {
      String reason = "needs Debian's chromium and chromium-driver (" + missing
          + "); .ci/run installs them with apt-get";
      for (String ci : new String[] {"COLORIZE_CI", "CI"}) {
        if (System.getenv(ci) != null) {
          fail(ci + " is set but the browser test cannot run: " + reason);
        }
      }
      Assumptions.abort(reason);
    }
  }

  /** A new headless browser with its console kept for {@code logs()}; close it with quit(). */
  static ChromeDriver open() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=ko-KR");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .withTimeout(Duration.ofSeconds(60))
        .build();
    return new ChromeDriver(service, options);
  }
}
