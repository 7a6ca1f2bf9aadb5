package org.convlens.synthesis;

import org.convlens.analysis.Probe;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Class model visualization (Simonyan, Vedaldi &amp; Zisserman 2014, eq. 1): argmax_I S_c(I) − λ‖I‖², S_c
 * the class logit (before the softmax), in model-input space. Without a target, one image per class.
 */
public final class ClassModel extends Synthesis {

    public static final String ID = "class-model";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Class model (activation maximization)";
    }

    @Override
    public SynthesisParams defaults() {
        return new SynthesisParams(null, null, null, null, false, 200, 0.05, 0L, "adam", 0.001, 0.0, 2.0, 6.0, 0.0, 0, 0.5, 0, 0.0, 0.0, 20, true, 0.0, 0.0, null, "pixels", null);
    }

    @Override
    List<Plan> plans(Probe probe, SynthesisParams params) {
        if (params.hasExpression()) return List.of(new Plan(ObjectiveExpression.parse(params.objective()), 1, List.of(params.objective()), null));
        Dl4jNetwork network = probe.model().network();
        if (params.target() != null && params.target() >= network.numClasses()) {
            throw new UserInputException("target " + params.target() + " is not a class: the model has " + network.numClasses());
        }
        int[] classes = params.classList() != null ? params.classList()
                : params.target() != null ? new int[]{params.target()} : IntStream.range(0, network.numClasses()).toArray();
        for (int c : classes) {
            if (c >= network.numClasses()) throw new UserInputException("class " + c + " is not a class: the model has " + network.numClasses());
        }
        List<String> captions = new ArrayList<>();
        for (int c : classes) captions.add(c + ": " + probe.model().profile().label(c));
        return List.of(new Plan(Objectives.classLogit(classes), classes.length, captions, null));
    }
}
