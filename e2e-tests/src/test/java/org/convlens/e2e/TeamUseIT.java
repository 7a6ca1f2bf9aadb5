package org.convlens.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Open mode, as a team and a classroom use it: history, comparison, sharing, export and import, lessons, the live occluder. */
class TeamUseIT extends BrowserTestBase {

    /** Runs a method on the default image from the Analyze view and returns the new experiment's id. */
    private String analyze(String methodTitle) {
        open("/");
        choose("method", methodTitle);
        Object before = page.evaluate("() => document.querySelector('#permalink')?.getAttribute('href') ?? ''");
        page.locator("#run").click();
        page.waitForFunction("before => { const l = document.querySelector('#permalink'); return l && l.getAttribute('href') !== before; }", before);
        return page.locator("#permalink").getAttribute("href").replace("experiment/", "");
    }

    @Test
    void historyFiltersAndComparesTwoExperimentsOnOneScale() {
        String saliency = analyze("Saliency");
        String gradcam = analyze("Grad-CAM");
        open("/history");
        page.waitForSelector("#history-total:has-text('experiment')");
        String all = page.locator("#history-total").textContent();
        page.locator("#filter-text input").fill(gradcam);
        PlaywrightAssertions.assertThat(page.locator("#history-total")).hasText("1 experiment");
        choose("filter-method", "saliency");
        PlaywrightAssertions.assertThat(page.locator("#history-total")).hasText("0 experiments");
        page.locator("#filter-text input").fill(saliency);
        PlaywrightAssertions.assertThat(page.locator("#history-total")).hasText("1 experiment");
        choose("filter-status", "FAILED");
        PlaywrightAssertions.assertThat(page.locator("#history-total")).hasText("0 experiments");
        page.locator("#filter-clear").click();
        PlaywrightAssertions.assertThat(page.locator("#history-total")).hasText(all);

        Locator rowBoxes = page.locator("#history vaadin-checkbox");
        rowBoxes.nth(1).click();
        rowBoxes.nth(2).click();
        page.locator("#compare-selected").click();
        page.waitForSelector("#experiment-comparison cl-heatmap");
        assertThat(page.locator("#experiment-comparison cl-heatmap").count()).isEqualTo(2);
        page.locator("#experiment-comparison #shared-scale").check();
        assertThat(distinctColours(page.locator("#experiment-comparison cl-heatmap").first())).isGreaterThan(3);
        screenshot("compare-experiments");
    }

    @Test
    void aSharedLinkOpensInAFreshContextUntilRevoked() {
        String id = analyze("Guided backprop");
        open("/experiment/" + id);
        page.locator("#share").click();
        page.waitForSelector("#share-links .share-link");
        String link = page.locator("#share-links .share-link").first().getAttribute("href");
        assertThat(link).matches("/s/[A-Za-z0-9_-]{43}");

        try (BrowserContext stranger = browser.newContext()) {
            Page other = stranger.newPage();
            other.navigate(app.baseUrl + link);
            other.waitForSelector("#shared-result");
            assertThat(other.locator("vaadin-side-nav").count()).as("no navigation for a shared link").isZero();
            other.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("shared-link.png")));
        }
        page.locator("#share-links .revoke").first().click();
        PlaywrightAssertions.assertThat(page.locator("#share-links .share-link")).hasCount(0);
        try (BrowserContext stranger = browser.newContext()) {
            Page other = stranger.newPage();
            var response = other.navigate(app.baseUrl + link);
            assertThat(response.status()).isEqualTo(404);
            other.waitForSelector("#not-found");
            assertThat(other.content()).doesNotContain(id);
        }
    }

    @Test
    void annotatedExperimentIsExportedDeletedAndImportedAgain() throws Exception {
        String id = analyze("Occlusion");
        open("/experiment/" + id);
        page.locator("#edit-title input").fill("Where the trouser is");
        page.locator("#edit-tags input").fill("week-2, occlusion");
        page.locator("#edit-notes textarea").fill("Compare with Grad-CAM next week.");
        page.locator("#save-annotations").click();
        page.waitForSelector("#saved:has-text('Saved')");
        Download download = page.waitForDownload(() -> page.locator("#export").click());
        Path zip = Files.createTempFile("export", ".zip");
        download.saveAs(zip);
        assertThat(Files.size(zip)).isGreaterThan(1000);

        page.locator("#delete").click();
        page.locator("#confirm-delete").click();
        page.waitForURL("**/history");
        page.locator("#filter-text input").fill(id);
        PlaywrightAssertions.assertThat(page.locator("#history-total")).hasText("0 experiments");

        page.locator("vaadin-upload#import-zip input[type=file]").setInputFiles(zip);
        page.waitForSelector("#history-message:has-text('imported')");
        open("/experiment/" + id);
        PlaywrightAssertions.assertThat(page.locator("#experiment-title")).hasText("Where the trouser is");
        assertThat(page.locator("#edit-tags input").inputValue()).contains("week-2").contains("occlusion");
        page.waitForSelector("cl-heatmap");
        screenshot("imported-experiment");
    }

    @Test
    void aLessonIsPresentedWithTheKeyboard() {
        String first = analyze("Saliency");
        String second = analyze("Integrated gradients");
        open("/lessons");
        page.locator("#lesson-title input").fill("Week 3: where does the network look?");
        page.locator("#create-lesson").click();
        page.waitForSelector("#add-experiment-id");
        page.locator("#add-experiment-id input").fill(first);
        page.locator("#add-caption input").fill("Gradients are noisy");
        page.locator("#add-to-lesson").click();
        page.waitForSelector(".lesson-item");
        page.locator("#add-experiment-id input").fill("/experiment/" + second);
        page.locator("#add-caption input").fill("Integrated gradients add up");
        page.locator("#add-to-lesson").click();
        PlaywrightAssertions.assertThat(page.locator(".lesson-item")).hasCount(2);
        page.locator("#present").click();
        page.waitForSelector("#slide-caption");
        assertThat(page.locator("vaadin-side-nav").count()).as("no editing chrome").isZero();
        PlaywrightAssertions.assertThat(page.locator("#slide-caption")).hasText("Gradients are noisy");
        PlaywrightAssertions.assertThat(page.locator("#slide-counter")).hasText("1 / 2");
        page.keyboard().press("ArrowRight");
        PlaywrightAssertions.assertThat(page.locator("#slide-caption")).hasText("Integrated gradients add up");
        page.waitForSelector("#slide cl-heatmap");
        screenshot("lesson-slide");
        page.keyboard().press("ArrowRight");
        PlaywrightAssertions.assertThat(page.locator("#slide-counter")).hasText("2 / 2");
        page.keyboard().press("ArrowLeft");
        PlaywrightAssertions.assertThat(page.locator("#slide-caption")).hasText("Gradients are noisy");
        page.keyboard().press("Escape");
        page.waitForURL("**/lessons");
    }

    @Test
    void draggingTheOccluderChangesTheProbabilities() {
        open("/live");
        Locator stage = page.locator("cl-occluder .stage");
        stage.waitFor();
        String before = page.locator("cl-occluder .bar").first().getAttribute("data-probability");
        BoundingBox box = stage.boundingBox();
        page.mouse().move(box.x + box.width * 0.1, box.y + box.height * 0.1);
        page.mouse().down();
        for (int i = 1; i <= 10; i++) page.mouse().move(box.x + box.width * (0.1 + 0.08 * i), box.y + box.height * (0.1 + 0.08 * i), new com.microsoft.playwright.Mouse.MoveOptions().setSteps(2));
        page.mouse().up();
        page.waitForFunction("() => Number(document.querySelector('cl-occluder').shadowRoot.querySelector('#timing').dataset.updates) >= 3");
        String after = page.locator("cl-occluder .bar").first().getAttribute("data-probability");
        assertThat(after).isNotEqualTo(before);
        assertThat(page.locator("cl-occluder .patch").count()).isEqualTo(1);
        assertThat(page.locator("cl-occluder #timing").textContent()).contains("ms");
        screenshot("live-occluder");
    }
}
