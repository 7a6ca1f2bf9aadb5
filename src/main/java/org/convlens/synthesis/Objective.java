package org.convlens.synthesis;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What synthesis maximizes, per image of the batch, read from one layer's output (or the logits). Composite
 * objectives ({@link Objectives#sum}) read several layers; the renderer asks each part for its value and
 * its gradient with respect to that layer's output.
 */
public interface Objective {

    /** The parts of this objective, each reading one layer. */
    java.util.List<Part> parts();

    /** A name such as "class 3 − 0.5 · channel conv2:7". */
    String describe();

    /**
     * One term on one layer.
     */
    interface Part {
        /** The layer read, or null for the logits. */
        String layer();

        /** Values per image ({@code [N]}) and the gradient with respect to {@code output} (same shape). */
        Evaluation evaluate(INDArray output);
    }

    record Evaluation(double[] values, INDArray gradient) {
    }
}
