package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * SmoothGrad (Smilkov et al. 2017), as Captum's NoiseTunnel "smoothgrad": the mean of a base method's
 * attributions over copies of the input with Gaussian noise added. The noise standard deviation is a
 * fraction of each image's value range (max − min, in model-input space); the explained class is fixed
 * on the clean image. Deterministic for a given seed. Output {@code attribution}: {@code [N, C, H, W]}.
 */
public final class SmoothGrad implements Technique<SmoothGrad.Params> {

    public static final String ID = "smoothgrad";

    private final Map<String, Technique<?>> bases = new LinkedHashMap<>();

    /**
     * @param base    the method to smooth: saliency, input-x-gradient, guided-backprop, deconvnet or integrated-gradients
     * @param noise   noise standard deviation as a fraction of the image's value range
     * @param samples noisy copies per image
     * @param seed    random seed
     * @param target  class to explain; null for each image's predicted class
     * @param score   {@code logit} (default) or {@code probability}
     */
    public record Params(String base, Double noise, Integer samples, Long seed, Integer target, String score) {
        public Params {
            ClassTarget.of(target, score);
            if (noise != null && (noise < 0 || noise > 10)) throw new UserInputException("noise must be 0–10 (a fraction of the input range)");
            if (samples != null && (samples < 1 || samples > 1000)) throw new UserInputException("samples must be 1–1000");
        }
    }

    SmoothGrad(List<Technique<?>> bases) {
        bases.forEach(technique -> this.bases.put(technique.id(), technique));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "SmoothGrad";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(Saliency.ID, 0.15, 25, 0L, null, "logit");
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        String baseId = params.base() == null ? Saliency.ID : params.base();
        Technique<?> base = bases.get(baseId);
        if (base == null) throw new UserInputException("smoothgrad can smooth " + String.join(", ", bases.keySet()) + ", not " + baseId);
        ClassTarget requested = ClassTarget.of(params.target(), params.score());
        requested.check(probe.model().network());
        int[] classes = requested.classes(probe.model().network().logits(probe.inputs()));
        int samples = params.samples() == null ? 25 : params.samples();
        double noise = params.noise() == null ? 0.15 : params.noise();
        Random random = new Random(params.seed() == null ? 0 : params.seed());

        List<INDArray> means = new ArrayList<>();
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int n = 0; n < probe.count(); n++) {
            INDArray x = Layers.slice(probe.inputs(), n, n + 1).dup('c');
            double sigma = noise * (x.maxNumber().doubleValue() - x.minNumber().doubleValue());
            INDArray noisy = noisyCopies(x, samples, sigma, random);
            AnalysisResult result = runBase(base, new Probe(probe.model(), noisy), classes[n], params.score(), progress);
            INDArray attributions = Dl4jArrays.toArray(result.main());
            means.add(attributions.mean(true, 0));
            Map<String, Object> facts = new LinkedHashMap<>(result.perImage().get(0));
            facts.put("target", classes[n]);
            facts.put("targetLabel", probe.model().profile().label(classes[n]));
            facts.put("noiseSd", sigma);
            perImage.add(facts);
            progress.update((n + 1.0) / probe.count(), "image " + (n + 1) + " of " + probe.count());
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", Dl4jArrays.toTensor(Nd4j.concat(0, means.toArray(INDArray[]::new))));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("base", baseId);
        facts.put("noise", noise);
        facts.put("samples", samples);
        facts.put("seed", params.seed() == null ? 0 : params.seed());
        return new AnalysisResult(ID, arrays, perImage, facts);
    }

    /** {@code samples} copies of {@code x} with independent N(0, sigma²) noise, drawn in order from {@code random}. */
    static INDArray noisyCopies(INDArray x, int samples, double sigma, Random random) {
        float[] clean = x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
        float[] data = new float[samples * clean.length];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < clean.length; i++) data[s * clean.length + i] = (float) (clean[i] + sigma * random.nextGaussian());
        }
        long[] shape = x.shape().clone();
        shape[0] = samples;
        return Nd4j.create(data, shape, 'c');
    }

    @SuppressWarnings("unchecked")
    private static <P extends Record> AnalysisResult runBase(Technique<P> base, Probe noisy, int target, String score, Progress progress) {
        Map<String, Object> values = new LinkedHashMap<>(new TechniqueRegistry(List.of(base)).parametersAsMap(base.defaults()));
        values.put("target", target);
        values.put("score", score);
        P params = (P) new TechniqueRegistry(List.of(base)).parameters(base.id(), values);
        return base.run(noisy, params, progress);
    }
}
