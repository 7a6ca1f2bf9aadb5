package org.convlens.e2e;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploading models: a Keras file is inspected and analysed; a corrupt one is refused with a clear message. */
class ModelUploadIT extends BrowserTestBase {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ModelUploadIT.class.getResource("/fixtures/" + name).toURI());
    }

    private void upload(Path file) {
        page.locator("vaadin-upload#model-upload input[type=file]").setInputFiles(file);
    }

    @Test
    void kerasModelIsInspectedAndAnalysedCorruptFileIsRefused() throws Exception {
        open("/models");
        upload(fixture("corrupt-model.h5"));
        Locator message = page.locator("#model-upload-message");
        page.waitForSelector("#model-upload-message[data-error=true]");
        assertThat(message.textContent()).contains("corrupt-model.h5 was not added").contains("cannot read the HDF5 file");
        screenshot("upload-corrupt");

        upload(fixture("keras-functional-rgb.h5"));
        page.waitForSelector("#model-upload-message:has-text('keras-functional-rgb.h5 added')");
        page.waitForSelector("#layers vaadin-grid-cell-content:has-text('concat_1')");
        assertThat(page.locator("cl-graph").count()).isEqualTo(1);
        assertThat(page.locator("cl-graph").evaluate("el => el.shadowRoot.querySelectorAll('rect').length")).isEqualTo(11);
        assertThat(page.locator("#models").textContent()).doesNotContain("corrupt-model");
        screenshot("model-inspector");

        open("/");
        choose("model", "keras-functional-rgb.h5");
        page.locator("vaadin-radio-button", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Sample photo")).click();
        page.locator("#run").click();
        page.waitForSelector("#permalink");
        assertThat(distinctColours(page.locator("#result cl-heatmap").first())).isGreaterThan(3);
        assertThat(page.locator("#result").textContent()).contains("resized 224×224 → 16×16");
        screenshot("analyze-uploaded-keras");
    }
}
