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
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grad-CAM (Selvaraju et al. 2017), as Captum's LayerGradCam: for a layer with maps A_c, the weights
 * α_c are the spatial means of ∂score/∂A_c and the map is ReLU(Σ_c α_c A_c) at the layer's resolution
 * ({@code relu=false} keeps the sign). Default layer: the last convolution. Output {@code cam}:
 * {@code [N, 1, h, w]}.
 */
public final class GradCam implements Technique<GradCam.Params> {

    public static final String ID = "gradcam";

    /**
     * @param target class to explain; null for each image's predicted class
     * @param score  {@code logit} (default) or {@code probability}
     * @param layer  layer whose maps are weighted; null for the last convolution
     * @param relu   keep only positive evidence (default true)
     * @param batch  images per backward pass
     */
    public record Params(Integer target, String score, String layer, Boolean relu, Integer batch) {
        public Params {
            ClassTarget.of(target, score);
            if (batch != null && (batch < 1 || batch > 1024)) throw new UserInputException("batch must be 1–1024");
        }
    }

    /** Class-activation maps {@code [N, 1, h, w]} and the facts per image, shared with guided Grad-CAM. */
    record Maps(INDArray cams, String layer, List<Map<String, Object>> perImage) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Grad-CAM";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, "logit", null, true, 16);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        Maps maps = maps(probe, params, progress);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("cam", Dl4jArrays.toTensor(maps.cams()));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("layer", maps.layer());
        facts.put("relu", !Boolean.FALSE.equals(params.relu()));
        facts.put("score", ClassTarget.of(params.target(), params.score()).score().name().toLowerCase());
        return new AnalysisResult(ID, arrays, maps.perImage(), facts);
    }

    static Maps maps(Probe probe, Params params, Progress progress) {
        Dl4jNetwork network = probe.model().network();
        ClassTarget target = ClassTarget.of(params.target(), params.score());
        target.check(network);
        String layer = Layers.resolve(network, params.layer(), () -> Layers.lastConvolution(network));
        LayerInfo info = network.layer(layer);
        if (!info.spatial()) throw new UserInputException("Grad-CAM needs a layer with 2-D maps; " + layer + " outputs " + info.outputShapeText());
        int batch = params.batch() == null ? 16 : params.batch();
        List<INDArray> cams = new ArrayList<>();
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int start = 0; start < probe.count(); start += batch) {
            progress.checkCancelled();
            int end = Math.min(probe.count(), start + batch);
            Dl4jNetwork.Gradients gradients = target.gradients(network, Layers.slice(probe.inputs(), start, end), ReluBackward.Rule.GRADIENT, List.of(layer));
            INDArray activations = gradients.layerOutputs().get(layer);
            INDArray alphas = gradients.layerGradients().get(layer).mean(2, 3);
            long n = activations.size(0), c = activations.size(1);
            INDArray weighted = activations.mul(alphas.reshape(n, c, 1, 1).broadcast(activations.shape()));
            INDArray cam = weighted.sum(true, 1);
            cams.add(Boolean.FALSE.equals(params.relu()) ? cam : Transforms.relu(cam, false));
            perImage.addAll(Layers.targetFacts(probe.model(), target, gradients.logits()));
            progress.update((double) end / probe.count(), end + " of " + probe.count() + " images");
        }
        return new Maps(Nd4j.concat(0, cams.toArray(INDArray[]::new)), layer, perImage);
    }
}
