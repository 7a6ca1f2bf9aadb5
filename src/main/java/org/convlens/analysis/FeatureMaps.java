package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.engine.Dl4jArrays;
import org.convlens.engine.Dl4jNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's output after its activation function, for every image: the feature maps of Zeiler &amp;
 * Fergus's Figure 2 and of every ConvNet inspector since.
 * <p>
 * Output {@code activations}: {@code [N, C, H, W]} for a convolutional layer, {@code [N, F, 1, 1]} for a
 * dense one. Default layer: the first convolution.
 */
public final class FeatureMaps implements Technique<FeatureMaps.Params> {

    public static final String ID = "activations";
    private static final int BATCH = 64;

    /** @param layer layer name; null or blank for the first convolution layer */
    public record Params(String layer) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Feature maps (activations)";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        Dl4jNetwork network = probe.model().network();
        String layer = Layers.resolve(network, params.layer(), () -> Layers.firstConvolution(network));
        List<INDArray> maps = new ArrayList<>();
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int start = 0; start < probe.count(); start += BATCH) {
            progress.checkCancelled();
            int end = Math.min(probe.count(), start + BATCH);
            Dl4jNetwork.Forward forward = network.forward(Layers.slice(probe.inputs(), start, end), List.of(layer));
            maps.add(forward.tap(layer));
            for (int i = 0; i < end - start; i++) perImage.add(Layers.prediction(probe.model(), forward.logits(), i));
            progress.update((double) end / probe.count(), "layer " + layer);
        }
        Tensor activations = Dl4jArrays.toTensor(Nd4j.concat(0, maps.toArray(INDArray[]::new)));
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("activations", activations);
        return new AnalysisResult(ID, arrays, perImage, Map.of("layer", layer));
    }
}
