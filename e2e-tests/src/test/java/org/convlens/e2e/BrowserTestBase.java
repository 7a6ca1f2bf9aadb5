package org.convlens.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One packaged ConvLens and one Chromium per test class; a fresh page per test. Uses Debian's
 * /usr/bin/chromium when present (nothing is downloaded), Playwright's own browser elsewhere.
 */
abstract class BrowserTestBase {

    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    private static final Path SYSTEM_CHROMIUM = Path.of("/usr/bin/chromium");

    static RunningApp app;
    static Playwright playwright;
    static Browser browser;
    Page page;

    @BeforeAll
    static void startAppAndBrowser() throws Exception {
        start();
    }

    /** Starts the jar with the given options and a browser; a subclass that needs other options hides the method above. */
    static void start(String... appOptions) throws Exception {
        app = RunningApp.start(appOptions);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true);
        if (Files.isExecutable(SYSTEM_CHROMIUM)) {
            options.setExecutablePath(SYSTEM_CHROMIUM).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"));
        }
        browser = playwright.chromium().launch(options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopAppAndBrowser() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (app != null) app.close();
    }

    @BeforeEach
    void openPage() {
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1440, 1000));
        page.setDefaultTimeout(60_000);
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    void open(String path) {
        page.navigate(app.baseUrl + path);
        page.waitForSelector("vaadin-app-layout");
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }

    /** Picks an item of a vaadin-select by its visible text. */
    void choose(String selectId, String itemText) {
        Locator item = page.locator("vaadin-select-overlay[opened] vaadin-select-item", new Page.LocatorOptions().setHasText(itemText)).first();
        // A select that was just re-created (the form is rebuilt when the method changes) can miss the first click.
        for (int attempt = 0; attempt < 3; attempt++) {
            page.locator("#" + selectId).click();
            try {
                item.waitFor(new Locator.WaitForOptions().setTimeout(5_000));
                break;
            } catch (com.microsoft.playwright.TimeoutError notOpened) {
                page.keyboard().press("Escape");
            }
        }
        item.click();
    }

    /** How many distinct colours a canvas inside the element's shadow root shows: 1 means blank. */
    static int distinctColours(Locator element) {
        Object count = element.evaluate("""
                el => {
                  const canvas = el.shadowRoot ? el.shadowRoot.querySelector('canvas') : el;
                  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  const colours = new Set();
                  for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2] | (data[i + 3] ? 0 : 1 << 24));
                  return colours.size;
                }""");
        return ((Number) count).intValue();
    }
}
