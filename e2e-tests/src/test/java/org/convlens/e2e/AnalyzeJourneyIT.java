package org.convlens.e2e;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A user picks the built-in model and a sample, runs a technique, and finds the result again later. */
class AnalyzeJourneyIT extends BrowserTestBase {

    @Test
    void occlusionOnASamplePhotoIsDrawnSavedAndReloadable() {
        open("/");
        page.locator("vaadin-radio-button", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Sample photo")).click();
        choose("sample-photo", "chelsea");
        assertThat(page.locator("text=for this model: resized 224×224 → 28×28").count()).isEqualTo(1);
        choose("method", "Occlusion sensitivity");
        page.locator("#run").click();
        page.waitForSelector("#permalink");

        Locator heatmaps = page.locator("#result cl-heatmap");
        assertThat(heatmaps.count()).isEqualTo(4);
        for (int i = 0; i < 4; i++) assertThat(distinctColours(heatmaps.nth(i))).as("heatmap %d", i).isGreaterThan(3);
        assertThat(page.locator("#result cl-heatmap figcaption").allTextContents())
                .contains("Attribution per pixel (Captum)", "Score drop per window position", "Most probable class per position");
        assertThat(page.locator("#result").textContent()).contains("chelsea.png: predicted");
        page.locator("#result cl-heatmap").first().locator("canvas").hover();
        assertThat(heatmaps.first().locator(".readout").textContent()).contains("row");
        screenshot("analyze-occlusion");

        String permalink = page.locator("#permalink").getAttribute("href");
        String id = permalink.substring(permalink.lastIndexOf('/') + 1);
        open("/history");
        page.waitForSelector("#history a[href='experiment/" + id + "']");
        assertThat(page.locator("#history").textContent()).contains("occlusion").contains("DONE");
        screenshot("history");

        page.locator("#history a[href='experiment/" + id + "']").click();
        page.waitForSelector("#experiment-meta");
        page.waitForSelector("cl-heatmap");
        assertThat(page.url()).endsWith("/experiment/" + id);
        assertThat(page.locator("#experiment-meta").textContent()).contains("DONE").contains("chelsea.png");
        assertThat(distinctColours(page.locator("cl-heatmap").first())).isGreaterThan(3);

        open("/experiment/" + id);
        page.waitForSelector("cl-heatmap");
        assertThat(page.locator("cl-heatmap").count()).isEqualTo(4);
        screenshot("experiment-permalink");
    }

    @Test
    void featureMapsOfADatasetImageShowEveryChannelAndEnlargeOne() {
        open("/");
        choose("dataset-class", "Sneaker");
        choose("method", "Feature maps");
        choose("param-layer", "conv1");
        page.locator("#run").click();
        page.waitForSelector("#permalink");
        Locator grid = page.locator("cl-feature-grid");
        assertThat(grid.locator("canvas").count()).isEqualTo(16);
        grid.locator(".cell").nth(3).click();
        Locator enlarged = grid.locator("cl-heatmap");
        enlarged.waitFor();
        assertThat(distinctColours(enlarged)).isGreaterThan(3);
        assertThat(enlarged.locator("figcaption").textContent()).contains("channel 3");
        screenshot("feature-maps");
    }

    @Test
    void uploadedImagesAreUsedAndBrokenOnesExplained() throws Exception {
        open("/");
        page.locator("vaadin-radio-button", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Upload")).click();
        java.nio.file.Path broken = java.nio.file.Files.writeString(java.nio.file.Files.createTempDirectory("e2e").resolve("broken.png"), "not a picture");
        page.locator("vaadin-upload#image-upload input[type=file]").setInputFiles(broken);
        page.waitForSelector(".error-text:has-text('broken.png: not an image')");

        java.awt.image.BufferedImage square = new java.awt.image.BufferedImage(56, 56, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 10; y < 46; y++) for (int x = 20; x < 36; x++) square.getRaster().setSample(x, y, 0, 230);
        java.nio.file.Path good = broken.resolveSibling("bar.png");
        javax.imageio.ImageIO.write(square, "png", good.toFile());
        page.locator("vaadin-upload#image-upload input[type=file]").setInputFiles(good);
        page.waitForSelector("text=bar.png (56×56); for this model: resized 56×56 → 28×28");
        page.locator("#run").click();
        page.waitForSelector("#permalink");
        assertThat(page.locator("#result").textContent()).contains("bar.png: predicted");
        assertThat(distinctColours(page.locator("#result cl-heatmap").first())).isGreaterThan(3);
        screenshot("analyze-uploaded-image");
    }

    @Test
    void filtersOfTheFirstConvolutionAreDrawn() {
        open("/filters");
        page.waitForSelector("cl-filter-grid canvas");
        Locator canvases = page.locator("cl-filter-grid canvas");
        assertThat(canvases.count()).isEqualTo(16);
        choose("filters-layer", "conv2");
        page.waitForFunction("() => document.querySelector('cl-filter-grid').shadowRoot.querySelectorAll('canvas').length === 32 * 16");
        page.locator("#filters-shared").click();
        screenshot("filters-conv2");
    }
}
