package org.convlens.dataset;

import org.convlens.base.UserInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Images to probe a network with, each with a name and, when known, a class label. */
public interface ImageDataset {

    int size();

    String name(int index);

    BufferedImage image(int index);

    /** The class index, or -1 when the dataset has no labels. */
    int label(int index);

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
        };
    }

    /**
     * PNG/JPEG/GIF/BMP files below a folder, in name order. Images in sub-folders are labelled by folder, the
     * classes numbered in the folders' name order; images directly in the folder have no label.
     */
    static ImageDataset folder(Path directory, int limit) {
        if (!Files.isDirectory(directory)) throw new UserInputException("no folder " + directory);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|gif|bmp)"))
                    .sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UserInputException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new UserInputException("no images in " + directory);
        List<Path> chosen = limit > 0 ? files.subList(0, Math.min(limit, files.size())) : files;
        List<String> classes = files.stream().map(directory::relativize).filter(p -> p.getNameCount() > 1)
                .map(p -> p.getName(0).toString()).distinct().sorted().toList();
        return new ImageDataset() {
            @Override
            public int size() {
                return chosen.size();
            }

            @Override
            public String name(int index) {
                return directory.relativize(chosen.get(index)).toString();
            }

            @Override
            public BufferedImage image(int index) {
                try {
                    BufferedImage image = ImageIO.read(chosen.get(index).toFile());
                    if (image == null) throw new UserInputException("not an image: " + name(index));
                    return image;
                } catch (IOException e) {
                    throw new UserInputException("cannot read " + name(index) + ": " + e.getMessage(), e);
                }
            }

            @Override
            public int label(int index) {
                Path relative = directory.relativize(chosen.get(index));
                return relative.getNameCount() > 1 ? classes.indexOf(relative.getName(0).toString()) : -1;
            }
        };
    }
}
