package org.convlens.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A dataset scan in the browser: the top images of every unit with their receptive fields and projections. */
class DatasetJourneyIT extends BrowserTestBase {

    @Test
    void topImagesPerUnitPageThroughUnitsAndReloadFromThePermalink() {
        open("/");
        choose("method", "Top-k dataset images per unit");
        page.locator("#param-limit input").fill("500");
        page.locator("#run").click();
        page.waitForSelector("#permalink[data-method=topk]");
        page.waitForSelector("cl-topk canvas");
        assertThat(page.locator("cl-topk canvas").count()).isEqualTo(8 * 9 * 2);
        assertThat(distinctColours(page.locator("cl-topk canvas").first())).isGreaterThan(3);
        page.locator("cl-topk #next").click();
        assertThat(page.locator("cl-topk .pager span").textContent()).contains("units 8–15 of 32");
        screenshot("topk");

        String permalink = page.locator("#permalink").getAttribute("href");
        open("/" + permalink);
        page.waitForSelector("cl-topk canvas");
        assertThat(page.locator("#experiment-meta").textContent()).contains("DONE");
    }
}
