package org.convlens.analysis;

import org.convlens.model.LoadedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a technique looks at: a model and a batch of images in model-input space, channels-first
 * {@code [N, C, H, W]}.
 */
public record Probe(LoadedModel model, INDArray inputs) {

    public int count() {
        return (int) inputs.size(0);
    }
}
