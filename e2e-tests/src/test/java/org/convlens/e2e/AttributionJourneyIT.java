package org.convlens.e2e;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gradient methods in the browser: one method, a comparison of several, and a unit projected back from the feature-map grid. */
class AttributionJourneyIT extends BrowserTestBase {

    @Test
    void integratedGradientsShowTheirCompletenessAndChannelViews() {
        open("/");
        choose("method", "Integrated gradients");
        page.locator("#run").click();
        page.waitForSelector("#permalink[data-method=integrated-gradients]");
        Locator map = page.locator("#result cl-heatmap.attribution-map");
        assertThat(distinctColours(map)).isGreaterThan(3);
        assertThat(page.locator("#result").textContent()).contains("completeness delta").contains("explaining Trouser");
        screenshot("integrated-gradients");
    }

    @Test
    void severalMethodsSideBySideOnASharedScale() {
        open("/");
        page.locator("#comparison-details vaadin-details-summary").click();
        page.locator("#compare").click();
        page.waitForSelector("cl-comparison");
        Locator maps = page.locator("cl-comparison cl-heatmap");
        assertThat(maps.count()).isEqualTo(5);
        for (int i = 0; i < 5; i++) assertThat(distinctColours(maps.nth(i))).as("map %d", i).isGreaterThan(2);
        assertThat(page.locator("cl-comparison cl-heatmap figcaption").allTextContents())
                .containsExactly("Saliency (gradient)", "Guided backpropagation", "DeConvNet", "Integrated gradients", "Grad-CAM");
        page.locator("cl-comparison #shared-scale").check();
        assertThat(page.locator("#comparison-links a").count()).isEqualTo(5);
        screenshot("comparison");
    }

    @Test
    void aFeatureMapUnitIsProjectedBackToThePixels() {
        open("/");
        choose("method", "Feature maps");
        choose("param-layer", "conv2");
        page.locator("#run").click();
        page.waitForSelector("#permalink[data-method=activations]");
        page.locator("cl-feature-grid .cell").nth(5).click();
        page.locator("#project-deconvnet").click();
        page.waitForSelector("#permalink[data-method=deconvnet]");
        assertThat(page.locator("#result").textContent()).contains("projected from conv2 channel 5 at");
        assertThat(distinctColours(page.locator("#result cl-heatmap.attribution-map"))).isGreaterThan(3);
        screenshot("unit-projection");
    }
}
