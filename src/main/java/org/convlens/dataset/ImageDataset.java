package org.convlens.dataset;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/** Images to probe a network with, each with a name and, when known, a class label. */
public interface ImageDataset {

    int size();

    String name(int index);

    BufferedImage image(int index);

    /** The class index into {@link #classNames()}, or -1 when the image has no label. */
    int label(int index);

    List<String> classNames();

    /** Pixel-wise concept labels, or null when the dataset has none. */
    default ConceptMasks concepts() {
        return null;
    }

    /** The built-in Fashion-MNIST test set (10,000 images), optionally only its first {@code limit}. */
    static ImageDataset fashionMnistTest(int limit) {
        GrayImageSet set = BuiltInData.fashionMnistTest();
        int size = limit > 0 ? Math.min(limit, set.size()) : set.size();
        return new ImageDataset() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public String name(int index) {
                return "fashion-mnist-test-" + index + " (" + set.classNames().get(set.labels()[index]) + ")";
            }

            @Override
            public BufferedImage image(int index) {
                return BuiltInData.fashionImage(set, index);
            }

            @Override
            public int label(int index) {
                return set.labels()[index];
            }

            @Override
            public List<String> classNames() {
                return set.classNames();
            }
        };
    }

    /** A folder of images; see {@link FolderDataset} for labels and masks. */
    static ImageDataset folder(Path directory, int limit) {
        return FolderDataset.open(directory, limit);
    }
}
