package org.convlens.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.convlens.dataset.ConceptArchive;
import org.convlens.dataset.ConceptImages;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Datasets in the browser: upload with masks, network dissection, ablation and its link to dissection, the minimal image. */
class DatasetAnalysesIT extends BrowserTestBase {

    /** The concept dataset in the upload format, plus two entries the upload must refuse. */
    private static Path conceptZipWithBadEntries() throws Exception {
        ByteArrayOutputStream concepts = new ByteArrayOutputStream();
        ConceptArchive.write(new ConceptImages(120, 9), concepts);
        Path file = Files.createTempFile("uploaded-concepts", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file));
             ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(concepts.toByteArray()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("../escape.png"));
            out.write(new byte[]{1, 2, 3});
            out.closeEntry();
            out.putNextEntry(new ZipEntry("notes.txt"));
            out.write("not an image".getBytes());
            out.closeEntry();
        }
        return file;
    }

    private void upload(Path file) {
        page.locator("vaadin-upload#dataset-upload input[type=file]").setInputFiles(file);
    }

    /** Runs and waits for this run's result: a permalink other than the one shown before. */
    private void runAndWait(String method) {
        Object before = page.evaluate("() => document.querySelector('#permalink')?.getAttribute('href') ?? ''");
        page.locator("#run").click();
        page.waitForFunction("([method, before]) => { const link = document.querySelector('#permalink[data-method=' + method + ']');"
                + " return link && link.getAttribute('href') !== before; }", java.util.List.of(method, before),
                new Page.WaitForFunctionOptions().setTimeout(120_000));
    }

    @Test
    void uploadedDatasetWithMasksIsCheckedListedDissectedAndDeleted() throws Exception {
        open("/datasets");
        Path corrupt = Files.writeString(Files.createTempFile("broken", ".zip"), "this is not a zip");
        upload(corrupt);
        page.waitForSelector("#dataset-upload-message[data-error=true]");
        assertThat(page.locator("#dataset-upload-message").textContent()).contains("was not added").contains("corrupt");

        upload(conceptZipWithBadEntries());
        page.waitForSelector("#dataset-upload-message:has-text('12 concepts')", new Page.WaitForSelectorOptions().setTimeout(60_000));
        assertThat(page.locator("#dataset-upload-message").textContent()).contains("120 images").contains("12 concepts").contains("Refused 2");
        page.waitForSelector("#rejected-entries");
        assertThat(page.locator("#rejected-entries").textContent()).contains("../escape.png: path leaves the dataset folder")
                .contains("notes.txt: not an image or CSV");
        assertThat(page.locator(".dataset-thumbnail").count()).isEqualTo(16);
        screenshot("dataset-uploaded");

        open("/");
        choose("model", "Concept CNN");
        choose("method", "Network dissection");
        choose("param-dataset", "uploaded-concepts");
        runAndWait("dissect");
        Locator dissection = page.locator("cl-dissection");
        page.waitForSelector("cl-dissection .unit canvas");
        assertThat(dissection.locator(".unit").count()).isEqualTo(32);
        assertThat(dissection.locator("#unique-detectors .bar").count()).isEqualTo(3);
        assertThat(Integer.parseInt(dissection.locator("#unique-detectors .bar[data-label=colour]").getAttribute("data-value"))).isPositive();
        assertThat(page.locator("#result").textContent()).contains("120 images");

        open("/datasets");
        page.locator("vaadin-grid-cell-content:has-text('uploaded-concepts')").first().click();
        page.locator("[id^=delete-]").first().click();
        page.locator("#confirm-delete").click();
        page.waitForSelector("#dataset-upload-message:has-text('deleted')");
        // the grid keeps recycled cells of removed rows in the DOM, hidden
        PlaywrightAssertions.assertThat(page.locator("#datasets vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("uploaded-concepts").setVisible(true))).hasCount(0);
    }

    @Test
    void dissectionAndAblationOfOneLayerArePlottedAgainstEachOther() {
        open("/");
        choose("model", "Concept CNN");
        choose("method", "Ablation");
        page.locator("#param-limit input").fill("400");
        runAndWait("ablation");
        page.waitForSelector("cl-ablation #drop-chart");
        assertThat(page.locator("cl-ablation #drop-chart .bar").count()).isEqualTo(32);
        assertThat(page.locator("cl-ablation #per-class-chart .bar").count()).isEqualTo(9);
        assertThat(page.locator("cl-ablation #baseline").textContent()).contains("%");

        choose("method", "Network dissection");
        page.locator("#param-limit input").fill("400");
        runAndWait("dissect");
        page.waitForSelector("cl-dissection #importance-scatter");
        assertThat(page.locator("cl-dissection #importance-scatter .point").count()).isEqualTo(32);
        Locator dissection = page.locator("cl-dissection");
        int all = dissection.locator(".unit").count();
        dissection.locator("#detectors-only").check();
        assertThat(dissection.locator(".unit").count()).isLessThanOrEqualTo(all).isPositive();
        assertThat(dissection.locator(".unit.detector").count()).isEqualTo(dissection.locator(".unit").count());
        assertThat(distinctColours(dissection.locator(".unit canvas").first())).isGreaterThan(3);
        screenshot("dissection");

        choose("method", "Ablation");
        page.locator("#param-limit input").fill("400");
        runAndWait("ablation");
        page.waitForSelector("cl-ablation #importance-scatter");
        assertThat(page.locator("cl-ablation #importance-scatter .point").count()).isEqualTo(32);
        screenshot("ablation");

        page.locator("#param-units input").fill("layers");
        runAndWait("ablation");
        page.waitForSelector("cl-ablation #drop-chart");
        assertThat(page.locator("cl-ablation #drop-chart .bar").count()).isEqualTo(4);
        assertThat(page.locator("cl-ablation h4").first().textContent()).contains("per layer");
    }

    @Test
    void minimalImageReplaysItsRemovals() {
        open("/");
        choose("method", "Minimal image");
        page.locator("#param-grid input").fill("4");
        runAndWait("minimal-image");
        page.waitForSelector("cl-removal #minimal");
        Locator removal = page.locator("cl-removal");
        assertThat(page.locator("#result").textContent()).contains("4×4 grid").contains("of 16 segments removed");
        String last = removal.locator("#step-label").textContent();
        assertThat(Integer.parseInt(last)).isPositive();
        removal.locator("#step").fill("0");
        assertThat(removal.locator("#step-label").textContent()).isEqualTo("0");
        assertThat(removal.locator("#probability-curve path").getAttribute("d")).startsWith("M");
        screenshot("minimal-image");
    }
}
