package org.convlens.dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the concept dataset in the upload format ({@link FolderDataset}): {@code images/*.png}, {@code labels.csv},
 * {@code masks/images/*.png} with the colour, texture and shape layers in R, G and B, and {@code concepts.csv}. It can
 * be uploaded again, or used with other tools.
 */
public final class ConceptArchive {

    private ConceptArchive() {
    }

    public static void write(ConceptImages images, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        StringBuilder labels = new StringBuilder("file,label\n");
        for (int i = 0; i < images.size(); i++) {
            ConceptImages.Drawing drawing = images.draw(i);
            String file = "images/" + i + ".png";
            put(zip, file, png(drawing.image()));
            put(zip, FolderDataset.MASKS + "/" + file, png(maskImage(drawing.mask())));
            labels.append(file).append(',').append(images.classNames().get(drawing.label())).append('\n');
        }
        put(zip, FolderDataset.LABELS_CSV, labels.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder concepts = new StringBuilder("id,name,category\n");
        for (int c = 0; c < ConceptImages.CONCEPTS.size(); c++) {
            concepts.append(c + 1).append(',').append(ConceptImages.CONCEPTS.get(c).name()).append(',').append(ConceptImages.CONCEPTS.get(c).category()).append('\n');
        }
        put(zip, FolderDataset.CONCEPTS_CSV, concepts.toString().getBytes(StandardCharsets.UTF_8));
        zip.finish();
    }

    /** Concept index + 1 in R, G and B for the three layers; 0 where a layer names nothing. */
    private static BufferedImage maskImage(ConceptMasks.Mask mask) {
        BufferedImage image = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < mask.width() * mask.height(); p++) {
            int rgb = 0;
            for (int layer = 0; layer < 3; layer++) rgb = (rgb << 8) | (mask.layers()[layer][p] + 1);
            image.setRGB(p % mask.width(), p / mask.width(), rgb);
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
