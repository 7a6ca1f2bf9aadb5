package org.convlens.analysis;

import org.convlens.engine.ReluBackward;

/**
 * Guided backpropagation (Springenberg et al. 2015): every ReLU passes relu(upstream) · [forward input &gt; 0].
 */
public final class GuidedBackprop extends Backprojection {

    public static final String ID = "guided-backprop";

    @Override
    ReluBackward.Rule rule() {
        return ReluBackward.Rule.GUIDED;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Guided backpropagation";
    }
}
