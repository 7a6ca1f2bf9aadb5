package org.convlens.e2e;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Images from the network alone: a class-model gallery, a layer's channels filling in as they render, and a run cancelled midway. */
class SynthesisJourneyIT extends BrowserTestBase {

    private static int pixelsShown(Locator canvas) {
        return distinctColours(canvas);
    }

    @Test
    void everyClassIsRenderedWithItsObjectiveCurveAndReplay() {
        open("/");
        choose("method", "Class model");
        page.locator("#param-steps input").fill("60");
        page.locator("#run").click();
        page.waitForSelector("#permalink[data-method=class-model]");
        Locator canvases = page.locator("cl-synthesis canvas");
        assertThat(canvases.count()).isEqualTo(10);
        assertThat(pixelsShown(canvases.nth(1))).isGreaterThan(10);
        assertThat(page.locator("cl-synthesis figcaption").allTextContents()).contains("1: Trouser", "9: Ankle boot");
        assertThat(page.locator("cl-synthesis svg polyline").count()).isEqualTo(10);
        page.locator("cl-synthesis #play").click();
        screenshot("class-models");

        page.locator("#param-top input").fill("3");
        page.locator("#run").click();
        page.waitForFunction("() => document.querySelectorAll('cl-synthesis').length === 1 && document.querySelector('cl-synthesis').shadowRoot.querySelectorAll('canvas').length === 3");
        assertThat(page.locator("cl-synthesis figcaption").first().textContent()).isEqualTo("1: Trouser");
    }

    @Test
    void aLayerGalleryAndACancelledRun() {
        open("/");
        choose("method", "Unit visualization");
        choose("param-layer", "conv1");
        page.locator("#param-steps input").fill("40");
        page.locator("#run").click();
        page.waitForSelector("#permalink[data-method=unit-visualization]");
        assertThat(page.locator("cl-synthesis canvas").count()).isEqualTo(16);
        screenshot("unit-gallery");

        page.locator("#param-steps input").fill("5000");
        page.locator("#run").click();
        page.waitForSelector("#live-preview cl-synthesis canvas");
        assertThat(page.locator("#live-preview cl-synthesis canvas").count()).isEqualTo(16);
        screenshot("gallery-filling-in");
        page.locator("#cancel").click();
        page.waitForSelector("text=(cancelled)");
        String permalink = page.locator("#permalink").last().getAttribute("href");
        open("/history");
        page.waitForSelector("#history vaadin-grid-cell-content:has-text('CANCELLED')");
        open("/" + permalink);
        page.waitForSelector("cl-synthesis");
        assertThat(page.locator("#experiment-meta").textContent()).contains("CANCELLED");
    }
}
