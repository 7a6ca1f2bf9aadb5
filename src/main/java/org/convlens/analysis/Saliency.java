package org.convlens.analysis;

import org.convlens.engine.ReluBackward;

/**
 * Saliency (Simonyan, Vedaldi &amp; Zisserman 2014): the gradient of the score with respect to the input,
 * signed; {@code abs} for |gradient|. The view also offers Simonyan's map, the maximum of |gradient|
 * over channels.
 */
public final class Saliency extends Backprojection {

    public static final String ID = "saliency";

    @Override
    ReluBackward.Rule rule() {
        return ReluBackward.Rule.GRADIENT;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Saliency (gradient)";
    }
}
