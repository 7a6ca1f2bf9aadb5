package org.convlens.synthesis;

import org.convlens.analysis.Probe;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.LayerInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Unit visualization (Erhan et al.; Yosinski et al. 2015; Olah et al. 2017): the image that maximizes a
 * channel's mean activation, or a single neuron ({@code position}). Without a channel, one image per
 * channel of the layer: the gallery. Default layer: the last convolution.
 */
public final class UnitVisualization extends Synthesis {

    public static final String ID = "unit-visualization";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Unit visualization";
    }

    @Override
    public SynthesisParams defaults() {
        return new SynthesisParams(null, null, null, null, false, 200, 0.05, 0L, "adam", 0.001, 0.0, 2.0, 6.0, 0.0, 0, 0.5, 1, 0.0, 0.0, 20, true, 0.0, 0.0, null, "pixels", null);
    }

    @Override
    List<Plan> plans(Probe probe, SynthesisParams params) {
        if (params.hasExpression()) return List.of(new Plan(ObjectiveExpression.parse(params.objective()), 1, List.of(params.objective()), null));
        Dl4jNetwork network = probe.model().network();
        String layer = params.layer() != null && !params.layer().isBlank() ? params.layer()
                : network.convolutionLayers().isEmpty() ? null : network.convolutionLayers().get(network.convolutionLayers().size() - 1);
        if (layer == null) throw new UserInputException("choose a layer: the model has no convolution");
        LayerInfo info = network.layer(layer);
        if (!info.spatial()) throw new UserInputException("layer " + layer + " has no 2-D maps; use the class model for outputs");
        int available = info.outputShape()[0];
        if (params.channel() != null && params.channel() >= available) {
            throw new UserInputException("layer " + layer + " has " + available + " channels, not " + (params.channel() + 1));
        }
        int[] channels = params.channel() != null ? new int[]{params.channel()} : IntStream.range(0, available).toArray();
        List<String> captions = new ArrayList<>();
        for (int c : channels) captions.add(layer + ":" + c);
        int[] yx = params.neuronPosition();
        Objective objective;
        if (yx == null) {
            objective = Objectives.channelMean(layer, channels);
        } else {
            List<Objective> neurons = new ArrayList<>();
            for (int c : java.util.Arrays.stream(channels).distinct().toArray()) neurons.add(Objectives.neuron(layer, c, yx[0], yx[1]));
            if (channels.length > 1) throw new UserInputException("a neuron needs a channel");
            objective = neurons.get(0);
        }
        return List.of(new Plan(objective, channels.length, captions, null));
    }
}
