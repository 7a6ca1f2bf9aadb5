package org.convlens.dataset;

import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.model.ImagePreprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderDatasetTest {

    @TempDir
    Path temp;

    private void image(String name, int width, int height) throws Exception {
        Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, ImagePreprocessor.toPng(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY)));
    }

    @Test
    void conceptArchiveRoundTripsImagesLabelsAndAllThreeMaskLayers() throws Exception {
        ConceptImages generated = new ConceptImages(12, 7);
        Path zip = temp.resolve("concepts.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            ConceptArchive.write(generated, out);
        }
        DatasetArchive.Report report = DatasetArchive.extract(zip, temp.resolve("unpacked"), DatasetArchive.Limits.DEFAULT);
        assertThat(report.rejected()).isEmpty();
        FolderDataset dataset = FolderDataset.open(temp.resolve("unpacked"), 0);
        dataset.validate(Progress.NONE);
        assertThat(dataset.size()).isEqualTo(12);
        assertThat(dataset.concepts().concepts()).isEqualTo(ConceptImages.CONCEPTS);
        for (int i = 0; i < 12; i++) {
            int index = Integer.parseInt(dataset.name(i).replaceAll("\\D", ""));
            ConceptImages.Drawing drawing = generated.draw(index);
            assertThat(dataset.classNames().get(dataset.label(i))).isEqualTo(generated.classNames().get(drawing.label()));
            assertThat(dataset.concepts().mask(i).layers()).isDeepEqualTo(drawing.mask().layers());
            assertThat(dataset.image(i).getRGB(5, 7)).isEqualTo(drawing.image().getRGB(5, 7));
        }
    }

    @Test
    void generatedImagesAreReproducibleAndEveryConceptOccurs() {
        ConceptImages images = new ConceptImages(200, 3);
        assertThat(images.draw(17).mask().layers()).isDeepEqualTo(new ConceptImages(200, 3).draw(17).mask().layers());
        long[] pixels = new long[ConceptImages.CONCEPTS.size()];
        int[] classes = new int[9];
        for (int i = 0; i < images.size(); i++) {
            ConceptImages.Drawing drawing = images.draw(i);
            classes[drawing.label()]++;
            assertThat(images.label(i)).isEqualTo(drawing.label());
            for (int[] layer : drawing.mask().layers()) for (int concept : layer) if (concept >= 0) pixels[concept]++;
            // the class names the shape and main colour drawn inside it
            String name = images.classNames().get(drawing.label());
            int[] shapeLayer = drawing.mask().layers()[2];
            int shapePixel = java.util.stream.IntStream.range(0, shapeLayer.length).filter(p -> shapeLayer[p] >= 0).findFirst().orElseThrow();
            assertThat(name).endsWith(ConceptImages.CONCEPTS.get(shapeLayer[shapePixel]).name());
        }
        assertThat(java.util.Arrays.stream(pixels).min().orElseThrow()).isGreaterThan(200);
        assertThat(java.util.Arrays.stream(classes).min().orElseThrow()).isGreaterThan(8);
    }

    @Test
    void flatFolderTakesLabelsFromTheCsvAndNumbersClassesNumerically() throws Exception {
        image("a.png", 4, 4);
        image("b.png", 4, 4);
        image("c.png", 4, 4);
        Files.writeString(temp.resolve("labels.csv"), "file,label\na.png,10\nb.png,2\n");
        FolderDataset dataset = FolderDataset.open(temp, 0);
        assertThat(dataset.classNames()).containsExactly("2", "10");
        assertThat(dataset.label(0)).isEqualTo(1);
        assertThat(dataset.label(1)).isZero();
        assertThat(dataset.label(2)).isEqualTo(-1);
        assertThat(dataset.concepts()).isNull();
    }

    @Test
    void refusesCsvsThatDoNotFitTheImages() throws Exception {
        image("a.png", 4, 4);
        Files.writeString(temp.resolve("labels.csv"), "a.png,coat\nmissing.png,bag\n");
        assertThatThrownBy(() -> FolderDataset.open(temp, 0)).isInstanceOf(UserInputException.class).hasMessageContaining("missing.png");
        Files.writeString(temp.resolve("labels.csv"), "a.png\n");
        assertThatThrownBy(() -> FolderDataset.open(temp, 0)).hasMessageContaining("line 1");
        Files.delete(temp.resolve("labels.csv"));

        image("masks/a.png", 3, 3);
        assertThatThrownBy(() -> FolderDataset.open(temp, 0)).hasMessageContaining("concepts.csv");
        Files.writeString(temp.resolve("concepts.csv"), "id,name,category\n1,red,colour\n");
        FolderDataset dataset = FolderDataset.open(temp, 0);
        assertThat(dataset.size()).as("masks are not images of the dataset").isEqualTo(1);
        assertThatThrownBy(() -> dataset.validate(Progress.NONE)).hasMessageContaining("mask of a.png is 3×3 but the image is 4×4");

        BufferedImage mask = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        mask.getRaster().setSample(2, 2, 0, 9);
        ImageIO.write(mask, "png", temp.resolve("masks/a.png").toFile());
        assertThatThrownBy(() -> FolderDataset.open(temp, 0).validate(Progress.NONE)).hasMessageContaining("concept id 9");
        mask.getRaster().setSample(2, 2, 0, 1);
        ImageIO.write(mask, "png", temp.resolve("masks/a.png").toFile());
        ConceptMasks.Mask read = FolderDataset.open(temp, 0).concepts().mask(0);
        assertThat(read.layers()).hasNumberOfRows(1);
        assertThat(read.layers()[0][2 * 4 + 2]).isZero();
        assertThat(read.layers()[0][0]).isEqualTo(ConceptMasks.NONE);
    }
}
