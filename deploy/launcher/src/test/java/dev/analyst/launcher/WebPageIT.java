package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway's web page end to end in headless Chromium against the whole suite: sign in with an account, upload
 * housing.csv and watch its load finish, ask for the average price and see the answer's number and its Plotly chart.
 * Skipped, saying why, when no Chromium can be found or installed.
 */
class WebPageIT {

    private static Suite suite;
    private static ChromeDriver browser;
    private static Path target;

    @BeforeAll
    static void openBrowser() throws Exception {
        var repository = SharedSuite.repositoryRoot();
        target = repository.resolve("deploy/launcher/target");
        var located = ChromiumBinaries.locate(target.resolve("chromium"));
        Assumptions.assumeTrue(
                located.binaries().isPresent(),
                "No headless Chromium to test the web page with (" + located.attempts()
                        + "). Install Debian's chromium and chromium-driver, or set CHROME_BINARY and CHROMEDRIVER.");
        var binaries = located.binaries().orElseThrow();
        suite = SharedSuite.get();
        var options = new ChromeOptions()
                .setBinary(binaries.browser().toFile())
                .addArguments(
                        "--headless=new",
                        // Root in a container has no user namespace for Chromium's sandbox.
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--window-size=1400,1100",
                        "--user-data-dir=" + target.resolve("chromium/profile-" + UUID.randomUUID()));
        // An explicit driver keeps Selenium Manager from looking for one on the network.
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(binaries.driver().toFile())
                .withLogFile(target.resolve("chromium/chromedriver.log").toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void signsInUploadsAndAnswersWithTheNumberAndAChart() throws Exception {
        var housing = SharedSuite.repositoryRoot()
                .resolve("../shared/datasets/housing.csv")
                .normalize();
        var email = "ui-" + UUID.randomUUID() + "@example.com";
        var password = "a long pass phrase for the page";
        register(email, password);
        var name = "housing_ui_" + UUID.randomUUID().toString().substring(0, 8);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        try {
            browser.get(suite.gateway().resolve("/").toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")))
                    .sendKeys(email);
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("signin")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));

            browser.findElement(By.id("tab-data")).click();
            browser.findElement(By.id("upload-file")).sendKeys(housing.toString());
            browser.findElement(By.id("upload-name")).sendKeys(name);
            browser.findElement(By.id("upload-submit")).click();
            new WebDriverWait(browser, Duration.ofMinutes(2))
                    .until(ExpectedConditions.attributeToBe(By.id("upload-progress"), "data-done", "true"));
            assertThat(browser.findElement(By.id("upload-status")).getText())
                    .contains("Ready: " + name)
                    .contains("rows");
            assertThat(browser.findElement(By.id("upload-progress")).getDomProperty("value"))
                    .isEqualTo("1");
            new Select(browser.findElement(By.id("dataset"))).selectByVisibleText(name);

            browser.findElement(By.id("tab-ask")).click();
            browser.findElement(By.id("question")).sendKeys("What is the average price?");
            browser.findElement(By.id("ask")).click();
            var expected = averagePrice(housing);
            var answered = new WebDriverWait(browser, Duration.ofMinutes(3));
            answered.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".answer .summary"), expected));
            answered.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".answer .js-plotly-plot svg.main-svg")));
            answered.until(ExpectedConditions.elementToBeClickable(By.id("ask")));

            assertThat(browser.findElement(By.cssSelector(".answer .summary")).getText())
                    .contains(expected);
            assertThat(browser.findElement(By.id("stop")).isEnabled())
                    .as("Stop is only for a running answer")
                    .isFalse();
            assertThat(browser.findElement(By.cssSelector(".answer details.sql pre"))
                            .getDomProperty("textContent"))
                    .containsIgnoringCase("avg");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "average price"));
        } finally {
            screenshot(browser, target.resolve("ui-e2e.png"));
        }
    }

    @Test
    void showsCostAndUsageToAnAdministrator() throws Exception {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        try {
            browser.get(suite.gateway().resolve("/").toString());
            // Starts signed out whatever another test left in the tab.
            browser.executeScript("sessionStorage.clear()");
            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("details.panel summary")))
                    .click();
            browser.findElement(By.id("api-key")).sendKeys(suite.credentials().apiKey());
            browser.findElement(By.id("use-key")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));

            browser.findElement(By.id("tab-admin")).click();
            browser.findElement(By.id("admin-key")).sendKeys(suite.credentials().adminKey());
            browser.findElement(By.cssSelector("#admin-form button[type=submit]"))
                    .click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#admin-cost-day svg.main-svg")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#admin-cost-model svg.main-svg")));

            assertThat(browser.findElement(By.id("admin-status")).getText()).isEmpty();
            assertThat(browser.findElement(By.id("admin-summary")).getText()).contains("Model calls", "Cost");
            // Whether any model has answered yet depends on the other test, so only the table's presence is checked.
            assertThat(browser.findElements(By.cssSelector("#admin-models table")))
                    .as("the per-model report, from analytics-service through /admin/analytics")
                    .hasSize(1);
        } finally {
            screenshot(browser, target.resolve("ui-e2e-admin.png"));
        }
    }

    /** The mean of housing.csv's price column, formatted as the built-in model's summary writes numbers. */
    private static String averagePrice(Path csv) throws Exception {
        var lines = Files.readAllLines(csv);
        var column = java.util.Arrays.asList(lines.getFirst().split(",")).indexOf("price");
        var sum = BigDecimal.ZERO;
        var count = 0;
        for (var line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                sum = sum.add(new BigDecimal(line.split(",")[column]));
                count++;
            }
        }
        var mean = sum.divide(BigDecimal.valueOf(count), 10, RoundingMode.HALF_EVEN);
        return String.format(Locale.ROOT, "%,.2f", mean.setScale(2, RoundingMode.HALF_EVEN));
    }

    private static void register(String email, String password) throws Exception {
        var request = HttpRequest.newBuilder(suite.gateway().resolve("/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}"))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void screenshot(WebDriver driver, Path file) throws Exception {
        var shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }
}
