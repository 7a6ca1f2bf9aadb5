package org.convlens.dataset;

import org.convlens.base.UserInputException;

/** Opens a dataset by id: the built-in ones, and in the app also uploads. */
@FunctionalInterface
public interface DatasetSource {

    String FASHION_MNIST = "builtin";
    String CONCEPTS = "concepts";

    /** {@code limit} > 0 keeps only the first {@code limit} images. */
    ImageDataset open(String id, int limit);

    /** The Fashion-MNIST test set ({@value #FASHION_MNIST}) and the concept dataset ({@value #CONCEPTS}). */
    DatasetSource BUILT_IN = (id, limit) -> switch (id == null || id.isBlank() ? FASHION_MNIST : id) {
        case FASHION_MNIST -> ImageDataset.fashionMnistTest(limit);
        case CONCEPTS -> ConceptImages.forDissection(limit);
        default -> throw new UserInputException("no dataset '" + id + "'");
    };
}
