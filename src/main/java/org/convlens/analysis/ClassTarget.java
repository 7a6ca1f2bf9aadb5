package org.convlens.analysis;

import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.ReluBackward;
import org.convlens.engine.ScoreKind;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The explained number: one class's logit (default) or probability, for a fixed class or for each
 * image's predicted class. Shared plumbing of the gradient techniques.
 */
record ClassTarget(Integer target, ScoreKind score) {

    static ClassTarget of(Integer target, String score) {
        if (target != null && target < 0) throw new UserInputException("target must be a class index ≥ 0");
        try {
            return new ClassTarget(target, score == null ? ScoreKind.LOGIT : ScoreKind.parse(score));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    void check(Dl4jNetwork network) {
        if (target != null && target >= network.numClasses()) {
            throw new UserInputException("target " + target + " is not a class: the model has " + network.numClasses());
        }
    }

    /** The class explained for each row of {@code logits}. */
    int[] classes(INDArray logits) {
        int[] classes = new int[(int) logits.size(0)];
        for (int i = 0; i < classes.length; i++) classes[i] = target != null ? target : logits.getRow(i).argMax().getInt(0);
        return classes;
    }

    /** d(score of each row's class)/d(logits). */
    INDArray seed(Dl4jNetwork network, INDArray logits) {
        int[] classes = classes(logits);
        INDArray oneHot = Nd4j.zeros(logits.dataType(), logits.shape());
        for (int i = 0; i < classes.length; i++) oneHot.putScalar(i, classes[i], 1.0);
        return score == ScoreKind.LOGIT ? oneHot : network.finalActivationBackward(logits, oneHot);
    }

    /** Input gradients of the score for a batch, in chunks of {@code batch} images. */
    Dl4jNetwork.Gradients gradients(Dl4jNetwork network, INDArray inputs, ReluBackward.Rule rule, List<String> capture) {
        return network.gradients(inputs, null, forward -> seed(network, forward.logits()), rule, capture);
    }

    double score(Dl4jNetwork network, INDArray logits, int row, int classIndex) {
        return network.scores(logits, score).getDouble(row, classIndex);
    }
}
