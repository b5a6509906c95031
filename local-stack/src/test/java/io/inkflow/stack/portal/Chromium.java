package io.inkflow.stack.portal;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's headless Chromium through its ChromeDriver, as a customer uses the pages: open, type, choose,
 * submit. Every page it is asked to check is run through axe-core; serious and critical violations are
 * collected with the page's name. Screenshots go to {@code target/portal-e2e/}.
 */
final class Chromium implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Chromium.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;
    private final List<String> violations = new ArrayList<>();
    private final List<String> checkedPages = new ArrayList<>();

    private Chromium(ChromeDriver driver, String base, Path screenshots) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
    }

    /** Skips the test where no browser is installed, but fails under CI=true (the CI script installs it). */
    static Chromium start(String base, Path profileDir) throws IOException, URISyntaxException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "No headless browser: expected " + CHROMIUM + " and " + CHROMEDRIVER
                    + ". Install them with: apt-get install chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1600", "--user-data-dir=" + profileDir);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        Path build = Path.of(Chromium.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path screenshots = Files.createDirectories(build.resolve("portal-e2e"));
        return new Chromium(new ChromeDriver(service, options), base, screenshots);
    }

    void open(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.substring(base.length());
    }

    void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Ticks a checkbox or radio button (on the box: a label may hold a link, such as to the terms). */
    void tick(String id) {
        driver.findElement(By.id(id)).click();
    }

    void choose(String selectId, String value) {
        driver.findElement(By.cssSelector("#" + selectId + " option[value='" + value + "']")).click();
    }

    /** Clicks the submit button of the form posting to {@code action} and waits for the next page. */
    void submit(String action) {
        navigate(By.cssSelector("form[action='" + action + "'] button[type=submit]"));
    }

    /** Clicks a link or button that leads to another page, and waits for it. */
    void click(String css) {
        navigate(By.cssSelector(css));
    }

    private void navigate(By target) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(target).click();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                page.isDisplayed();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            }
        });
    }

    String text(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.getFirst().getText().strip();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Runs axe-core on the page as it is and records its serious and critical violations. */
    void checkAccessibility(String page) {
        checkedPages.add(page);
        violations.addAll(blockingViolations().stream().map(v -> page + ": " + v).toList());
    }

    /** The serious and critical violations axe-core finds in a page of this HTML (to show the check can fail). */
    List<String> blockingViolationsOf(String html) {
        driver.get("data:text/html;charset=utf-8," + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20"));
        return blockingViolations();
    }

    private List<String> blockingViolations() {
        Results results = new AxeBuilder().analyze(driver);
        List<String> found = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if (BLOCKING.contains(rule.getImpact())) {
                found.add(rule.getId() + " (" + rule.getImpact() + ") " + rule.getHelp() + " at "
                        + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList());
            }
        }
        return found;
    }

    List<String> violations() {
        return violations;
    }

    List<String> checkedPages() {
        return checkedPages;
    }

    void screenshot(String name) throws IOException {
        Path file = screenshots.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        log.info("Portal screenshot written [file={}]", file);
    }

    /** An attribute of an element (the value of a chosen option, for example), "" when absent. */
    String attribute(String css, String name) {
        String value = driver.findElement(By.cssSelector(css)).getDomAttribute(name);
        return value == null ? "" : value;
    }

    void refresh() {
        driver.navigate().refresh();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
