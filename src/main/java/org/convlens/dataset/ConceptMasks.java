package org.convlens.dataset;

import java.util.List;

/**
 * Pixel-wise concept labels of a dataset, as network dissection needs them (Bau et al. 2017): every image has one
 * or more label layers (for example one for colour, one for texture, one for shape), each pixel of a layer names at
 * most one concept.
 */
public interface ConceptMasks {

    record Concept(String name, String category) {
    }

    /** A label layer holds concept indices into {@link #concepts()}, or {@link #NONE}. */
    int NONE = -1;

    /** The label layers of one image, each {@code height × width}, row-major. */
    record Mask(int height, int width, int[][] layers) {
    }

    List<Concept> concepts();

    Mask mask(int image);
}
