package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
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
        AnalysisResult gradients = new Saliency().run(probe, new Backprojection.Params(params.target(), params.score(), null, null, null, false, params.batch()), progress);
        INDArray gradient = Dl4jArrays.toArray(gradients.main());
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", Dl4jArrays.toTensor(gradient.muli(probe.inputs().castTo(gradient.dataType()))));
        return new AnalysisResult(ID, arrays, gradients.perImage(), Map.of("score", ClassTarget.of(params.target(), params.score()).score().name().toLowerCase()));
    }
}
