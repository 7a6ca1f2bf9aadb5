package org.convlens.synthesis;

import org.convlens.analysis.Probe;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.LayerInfo;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Feature inversion (Mahendran &amp; Vedaldi 2015): from noise, minimize ‖Φ_L(I) − Φ_L(I₀)‖² / ‖Φ_L(I₀)‖² +
 * λ_TV·TV_β(I) + λ_α‖I‖_α^α for the input images I₀. {@code layer = every} reconstructs from each
 * convolution and pooling layer in turn, for the side-by-side figure. Default layer: the first convolution.
 */
public final class Inversion extends Synthesis {

    public static final String ID = "inversion";
    public static final String EVERY_LAYER = "every";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Feature inversion";
    }

    @Override
    public boolean usesImages() {
        return true;
    }

    @Override
    public SynthesisParams defaults() {
        return new SynthesisParams(null, null, null, null, false, 300, 0.05, 0L, "adam", 0.0, 0.0005, 2.0, 6.0, 0.0, 0, 0.5, 0, 0.0, 0.0, 30, true, 0.0, 0.0, null, "pixels", null);
    }

    @Override
    List<Plan> plans(Probe probe, SynthesisParams params) {
        Dl4jNetwork network = probe.model().network();
        List<String> layers;
        if (EVERY_LAYER.equals(params.layer())) {
            layers = network.layers().stream().filter(LayerInfo::spatial).map(LayerInfo::name).toList();
        } else if (params.layer() != null && !params.layer().isBlank()) {
            layers = List.of(network.layer(params.layer()).name());
        } else {
            if (network.convolutionLayers().isEmpty()) throw new UserInputException("choose a layer: the model has no convolution");
            layers = List.of(network.convolutionLayers().get(0));
        }
        List<Plan> plans = new ArrayList<>();
        for (String layer : layers) {
            INDArray target = network.forward(probe.inputs(), List.of(layer)).tap(layer);
            List<String> captions = new ArrayList<>();
            for (int i = 0; i < probe.count(); i++) captions.add(layer + " ← image " + (i + 1));
            plans.add(new Plan(Objectives.featureMatch(layer, target), probe.count(), captions, null));
        }
        return plans;
    }
}
