package org.convlens.analysis;

import org.convlens.engine.ReluBackward;

/**
 * DeConvNet (Zeiler &amp; Fergus 2014): a backward pass in which every ReLU passes relu(upstream signal)
 * whatever the forward sign, max-pooling routes through the forward switches and convolutions use the
 * transposed filters.
 */
public final class Deconvnet extends Backprojection {

    public static final String ID = "deconvnet";

    @Override
    ReluBackward.Rule rule() {
        return ReluBackward.Rule.DECONVNET;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "DeConvNet";
    }
}
