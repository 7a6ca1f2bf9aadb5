package org.convlens.analysis;

import org.convlens.dataset.DatasetSource;
import org.convlens.model.LoadedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a technique looks at: a model and a batch of images in model-input space, channels-first
 * {@code [N, C, H, W]}, and, for dataset-centric techniques, the datasets it may open.
 */
public record Probe(LoadedModel model, INDArray inputs, DatasetSource datasets) {

    public Probe(LoadedModel model, INDArray inputs) {
        this(model, inputs, DatasetSource.BUILT_IN);
    }

    public int count() {
        return (int) inputs.size(0);
    }
}
