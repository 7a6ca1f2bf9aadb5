package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jArrays;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.ReluBackward;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input × gradient (Shrikumar et al. 2016): the model input times the gradient of the score with respect
 * to it, elementwise. Output {@code attribution}: {@code [N, C, H, W]} in model-input space.
 */
public final class InputXGradient implements Technique<InputXGradient.Params> {

    public static final String ID = "input-x-gradient";

    /**
     * @param target class to explain; null for each image's predicted class
     * @param score  {@code logit} (default) or {@code probability}
     * @param batch  images per backward pass
     */
    public record Params(Integer target, String score, Integer batch) {
        public Params {
            ClassTarget.of(target, score);
            if (batch != null && (batch < 1 || batch > 1024)) throw new UserInputException("batch must be 1–1024");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Input × gradient";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, "logit", 16);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        Dl4jNetwork network = probe.model().network();
        ClassTarget target = ClassTarget.of(params.target(), params.score());
        target.check(network);
        int batch = params.batch() == null ? 16 : params.batch();
        List<INDArray> parts = new ArrayList<>();
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int start = 0; start < probe.count(); start += batch) {
            progress.checkCancelled();
            int end = Math.min(probe.count(), start + batch);
            INDArray chunk = Layers.slice(probe.inputs(), start, end);
            Dl4jNetwork.Gradients gradients = target.gradients(network, chunk, ReluBackward.Rule.GRADIENT, List.of());
            parts.add(gradients.input().mul(chunk.castTo(gradients.input().dataType())));
            perImage.addAll(Layers.targetFacts(probe.model(), target, gradients.logits()));
            progress.update((double) end / probe.count(), end + " of " + probe.count() + " images");
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", Dl4jArrays.toTensor(Nd4j.concat(0, parts.toArray(INDArray[]::new))));
        return new AnalysisResult(ID, arrays, perImage, Map.of("score", target.score().name().toLowerCase()));
    }
}
