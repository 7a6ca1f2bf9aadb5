package org.convlens.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Data shipped inside ConvLens: the Fashion-MNIST test set (MIT licence, from Zalando Research via
 * Debian's dataset-fashion-mnist) and public-domain sample photos (from scikit-image).
 */
public final class BuiltInData {

    public static final List<String> FASHION_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final List<String> SAMPLE_PHOTOS = List.of("astronaut", "chelsea", "coffee", "rocket");

    /** Where Debian's dataset-fashion-mnist puts the files; training uses it when present. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static volatile GrayImageSet fashionTest;

    private BuiltInData() {
    }

    /** The 10,000 Fashion-MNIST test images, read once from the jar. */
    public static GrayImageSet fashionMnistTest() {
        GrayImageSet set = fashionTest;
        if (set == null) {
            synchronized (BuiltInData.class) {
                if (fashionTest == null) {
                    try (InputStream images = resource("fashion-mnist/t10k-images-idx3-ubyte.gz");
                         InputStream labels = resource("fashion-mnist/t10k-labels-idx1-ubyte.gz")) {
                        fashionTest = IdxReader.read("Fashion-MNIST test", images, labels, FASHION_CLASSES);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                set = fashionTest;
            }
        }
        return set;
    }

    /** The Fashion-MNIST training set from Debian's package; it is not shipped in the jar. */
    public static GrayImageSet fashionMnistTrain(Path directory) throws IOException {
        Path images = directory.resolve("train-images-idx3-ubyte.gz");
        Path labels = directory.resolve("train-labels-idx1-ubyte.gz");
        if (!Files.exists(images) || !Files.exists(labels)) {
            throw new IOException("Fashion-MNIST training files not found in " + directory + " (apt-get install dataset-fashion-mnist)");
        }
        try (InputStream i = Files.newInputStream(images); InputStream l = Files.newInputStream(labels)) {
            return IdxReader.read("Fashion-MNIST train", i, l, FASHION_CLASSES);
        }
    }

    public static byte[] samplePhotoPng(String name) {
        if (!SAMPLE_PHOTOS.contains(name)) throw new IllegalArgumentException("no sample photo named " + name);
        try (InputStream in = resource("samples/" + name + ".png")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage fashionImage(GrayImageSet set, int index) {
        BufferedImage image = new BufferedImage(set.width(), set.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < set.height(); y++) {
            for (int x = 0; x < set.width(); x++) {
                int v = set.pixel(index, y, x);
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        return image;
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = BuiltInData.class.getResourceAsStream("/builtin/" + path);
        if (in == null) throw new IOException("built-in resource missing: " + path);
        return in;
    }
}
