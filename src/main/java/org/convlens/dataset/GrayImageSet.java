package org.convlens.dataset;

import java.util.List;

/** Labelled gray images of one size, pixels 0–255, row-major, one image after another. */
public record GrayImageSet(String name, int height, int width, byte[] pixels, int[] labels, List<String> classNames) {

    public GrayImageSet {
        if ((long) labels.length * height * width != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " pixel bytes");
        }
    }

    public int size() {
        return labels.length;
    }

    public int pixel(int image, int y, int x) {
        return pixels[(image * height + y) * width + x] & 0xff;
    }

    /** Index of the {@code nth} image (0-based) whose label is {@code label}. */
    public int nthOfClass(int label, int nth) {
        int seen = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label && seen++ == nth) return i;
        }
        throw new IllegalArgumentException("there are fewer than " + (nth + 1) + " images of class " + classNames.get(label));
    }
}
