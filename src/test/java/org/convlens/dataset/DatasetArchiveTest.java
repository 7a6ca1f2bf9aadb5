package org.convlens.dataset;

import org.convlens.base.UserInputException;
import org.convlens.model.ImagePreprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetArchiveTest {

    @TempDir
    Path temp;

    private static byte[] png(int value) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(1, 1, 0, value);
        return ImagePreprocessor.toPng(image);
    }

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(temp.resolve(name), bytes);
    }

    private static byte[] zip(String[] names, byte[][] contents) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                out.putNextEntry(new ZipEntry(names[i]));
                out.write(contents[i]);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void keepsImagesInClassFoldersAndRefusesTheRestWithReasons() throws Exception {
        byte[] archive = zip(new String[]{"coat/a.png", "coat/b.png", "bag/c.png", "../evil.png", "notes.txt", "bag/huge.png"},
                new byte[][]{png(1), png(2), png(3), png(4), "hello".getBytes(), new byte[3000]});
        Path target = temp.resolve("dataset");
        DatasetArchive.Report report = DatasetArchive.extract(file("a.zip", archive), target, new DatasetArchive.Limits(100, 2000, 1_000_000));
        assertThat(report.accepted()).isEqualTo(3);
        assertThat(report.rejected()).extracting(DatasetArchive.Rejected::entry).containsExactly("../evil.png", "notes.txt", "bag/huge.png");
        assertThat(report.rejected()).extracting(DatasetArchive.Rejected::reason).first().asString().contains("leaves the dataset folder");
        assertThat(temp.resolve("evil.png")).doesNotExist();

        ImageDataset dataset = ImageDataset.folder(target, 0);
        assertThat(dataset.size()).isEqualTo(3);
        assertThat(dataset.name(0)).isEqualTo("bag/c.png");
        assertThat(dataset.label(0)).isZero();
        assertThat(dataset.label(1)).isEqualTo(1);
        assertThat(dataset.image(2).getWidth()).isEqualTo(4);
    }

    @Test
    void limitsAndCorruptArchivesAreClearErrors() throws Exception {
        byte[] three = zip(new String[]{"a.png", "b.png", "c.png"}, new byte[][]{png(1), png(2), png(3)});
        assertThatThrownBy(() -> DatasetArchive.extract(file("three.zip", three), temp.resolve("x"), new DatasetArchive.Limits(2, 2000, 1_000_000)))
                .isInstanceOf(UserInputException.class).hasMessageContaining("more than 2 files");
        try (var files = Files.list(temp.resolve("x"))) {
            assertThat(files.count()).as("a refused archive leaves nothing behind").isZero();
        }
        byte[] onlyText = zip(new String[]{"readme.txt"}, new byte[][]{"x".getBytes()});
        assertThatThrownBy(() -> DatasetArchive.extract(file("text.zip", onlyText), temp.resolve("y"), DatasetArchive.Limits.DEFAULT))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no images");
        byte[] truncated = java.util.Arrays.copyOf(three, three.length / 2);
        assertThatThrownBy(() -> DatasetArchive.extract(file("truncated.zip", truncated), temp.resolve("z"), DatasetArchive.Limits.DEFAULT))
                .isInstanceOf(UserInputException.class).hasMessageContaining("corrupt");
        try (var files = Files.list(temp.resolve("z"))) {
            assertThat(files.count()).as("nothing unpacked from a corrupt archive").isZero();
        }
    }
}
