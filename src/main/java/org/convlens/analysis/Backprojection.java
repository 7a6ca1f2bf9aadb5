package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jArrays;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.LayerInfo;
import org.convlens.engine.ReluBackward;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signal projected back to the pixels through the network, from a class score or from one hidden
 * unit. Saliency, guided backpropagation and DeConvNet differ only in how a ReLU passes the signal back
 * ({@link ReluBackward.Rule}); max-pooling always routes through the forward pass's switches.
 * <p>
 * From a class: the gradient of the class score (logit by default) with respect to the model input.
 * From a unit ({@code layer}, {@code channel}, optional {@code position} "y,x", default the position
 * where that channel is largest for each image): the same backward pass seeded with 1 at that unit, as in
 * Zeiler &amp; Fergus's per-layer projections. Output {@code attribution}: {@code [N, C, H, W]} in
 * model-input space.
 */
abstract class Backprojection implements Technique<Backprojection.Params> {

    /**
     * @param target   class to explain; null for each image's predicted class
     * @param score    {@code logit} (default) or {@code probability}
     * @param layer    project from a unit of this layer instead of a class
     * @param channel  the unit's channel (with {@code layer})
     * @param position the unit's position "y,x"; null for the channel's maximum in each image
     * @param abs      absolute values
     * @param batch    images per backward pass
     */
    public record Params(Integer target, String score, String layer, Integer channel, String position, Boolean abs, Integer batch) {
        public Params {
            ClassTarget.of(target, score);
            if (layer != null && !layer.isBlank() && channel == null) throw new UserInputException("a projection from a layer needs a channel");
            if (channel != null && channel < 0) throw new UserInputException("channel must be ≥ 0");
            if (position != null && !position.isBlank()) unitPosition(position);
            if (batch != null && (batch < 1 || batch > 1024)) throw new UserInputException("batch must be 1–1024");
        }

        boolean fromUnit() {
            return layer != null && !layer.isBlank();
        }
    }

    abstract ReluBackward.Rule rule();

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, "logit", null, null, null, false, 16);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        Dl4jNetwork network = probe.model().network();
        ClassTarget target = ClassTarget.of(params.target(), params.score());
        target.check(network);
        if (params.fromUnit()) checkUnit(network, params);
        int batch = params.batch() == null ? 16 : params.batch();
        List<INDArray> parts = new ArrayList<>();
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int start = 0; start < probe.count(); start += batch) {
            progress.checkCancelled();
            int end = Math.min(probe.count(), start + batch);
            INDArray chunk = Layers.slice(probe.inputs(), start, end);
            List<int[]> positions = new ArrayList<>();
            Dl4jNetwork.Gradients gradients = params.fromUnit()
                    ? network.gradients(chunk, params.layer(), forward -> unitSeed(forward.tap(params.layer()), params, positions), rule(), List.of())
                    : target.gradients(network, chunk, rule(), List.of());
            parts.add(Boolean.TRUE.equals(params.abs()) ? Transforms.abs(gradients.input(), true) : gradients.input());
            if (params.fromUnit()) {
                for (int i = 0; i < end - start; i++) {
                    Map<String, Object> facts = Layers.prediction(probe.model(), gradients.logits(), i);
                    facts.put("unit", params.layer() + " channel " + params.channel() + " at " + positions.get(i)[0] + "," + positions.get(i)[1]);
                    perImage.add(facts);
                }
            } else {
                perImage.addAll(Layers.targetFacts(probe.model(), target, gradients.logits()));
            }
            progress.update((double) end / probe.count(), end + " of " + probe.count() + " images");
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", Dl4jArrays.toTensor(Nd4j.concat(0, parts.toArray(INDArray[]::new))));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rule", rule().name().toLowerCase());
        facts.put("score", target.score().name().toLowerCase());
        if (params.fromUnit()) facts.put("unit", params.layer() + " channel " + params.channel());
        return new AnalysisResult(id(), arrays, perImage, facts);
    }

    private static void checkUnit(Dl4jNetwork network, Params params) {
        LayerInfo layer = network.layer(params.layer());
        if (params.channel() >= layer.outputShape()[0]) {
            throw new UserInputException("layer " + layer.name() + " has " + layer.outputShape()[0] + " channels, not " + (params.channel() + 1));
        }
        if (params.position() != null && !params.position().isBlank()) {
            int[] yx = unitPosition(params.position());
            int h = layer.outputShape().length == 3 ? layer.outputShape()[1] : 1;
            int w = layer.outputShape().length == 3 ? layer.outputShape()[2] : 1;
            if (yx[0] >= h || yx[1] >= w) throw new UserInputException("position " + params.position() + " is outside the " + h + "×" + w + " map");
        }
    }

    /** 1 at the chosen unit of each image, channels-first like {@code activations}. */
    private static INDArray unitSeed(INDArray activations, Params params, List<int[]> positions) {
        INDArray seed = Nd4j.zeros(activations.dataType(), activations.shape());
        int[] fixed = params.position() == null || params.position().isBlank() ? null : unitPosition(params.position());
        long width = activations.size(3);
        for (int i = 0; i < activations.size(0); i++) {
            int[] yx = fixed;
            if (yx == null) {
                INDArray map = activations.get(NDArrayIndex.point(i), NDArrayIndex.point(params.channel()), NDArrayIndex.all(), NDArrayIndex.all());
                long flat = map.reshape(-1).argMax().getLong(0);
                yx = new int[]{(int) (flat / width), (int) (flat % width)};
            }
            positions.add(yx);
            seed.putScalar(new long[]{i, params.channel(), yx[0], yx[1]}, 1.0);
        }
        return seed;
    }

    static int[] unitPosition(String text) {
        String[] parts = text.split(",");
        try {
            if (parts.length != 2) throw new NumberFormatException();
            int[] yx = {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            if (yx[0] < 0 || yx[1] < 0) throw new NumberFormatException();
            return yx;
        } catch (NumberFormatException e) {
            throw new UserInputException("position must be \"y,x\" with whole numbers ≥ 0, not '" + text + "'");
        }
    }
}
