package org.convlens.engine;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A ReLU whose forward pass is the usual one and whose backward pass follows a visualization rule:
 * DeConvNet (Zeiler &amp; Fergus) passes relu(upstream signal) whatever the forward sign; guided
 * backpropagation (Springenberg et al.) passes it only where the forward input was positive too.
 */
public final class ReluBackward extends BaseActivationFunction {

    /** How a ReLU passes the signal backwards. */
    public enum Rule {
        /** The true gradient: upstream · [input &gt; 0]. */
        GRADIENT,
        /** relu(upstream), ignoring the forward sign. */
        DECONVNET,
        /** relu(upstream) · [input &gt; 0]. */
        GUIDED
    }

    private final Rule rule;

    public ReluBackward(Rule rule) {
        this.rule = rule;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return Transforms.relu(in, false);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        INDArray forwardOpen = in.gt(0).castTo(epsilon.dataType());
        INDArray result = switch (rule) {
            case GRADIENT -> epsilon.mul(forwardOpen);
            case DECONVNET -> Transforms.relu(epsilon, true);
            case GUIDED -> Transforms.relu(epsilon, true).muli(forwardOpen);
        };
        return new Pair<>(result, null);
    }

    @Override
    public String toString() {
        return "relu(" + rule.name().toLowerCase() + " backward)";
    }
}
