package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.ScoreKind;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus 2014, §4.2), with Captum's {@code Occlusion} semantics.
 * <p>
 * A square window slides over the image: per axis {@code ceil((D − w) / s) + 1} positions starting at 0,
 * the last one clipped at the border. Each occluded copy has the window set to {@code baseline} (in
 * model-input space) in every channel. A pixel's attribution is the mean, over the windows covering it,
 * of {@code score(original) − score(occluded)}, so positive values mark evidence for the target.
 * Occluded copies are evaluated in batches of {@code batch}.
 * <p>
 * Outputs: {@code attribution} {@code [N, C, H, W]} (the same map in every channel, as Captum returns it);
 * and per window position, from the same forward passes, {@code score-drop}, Zeiler &amp; Fergus's
 * {@code strongest-map} (total activation of the feature map of {@code layer} that responds most to the
 * unoccluded image) and {@code top-class} (the most probable class), each {@code [N, 1, rows, cols]}.
 */
public final class Occlusion implements Technique<Occlusion.Params> {

    public static final String ID = "occlusion";

    /**
     * @param window   side of the square window in pixels; null for about a seventh of the image
     * @param stride   step between windows; null for half the window
     * @param baseline value the window is filled with, in model-input space
     * @param target   class to explain; null for the predicted class of each image
     * @param score    {@code logit} (default) or {@code probability}
     * @param layer    layer for the strongest-feature-map view; null for the last convolution
     * @param batch    occluded copies per forward pass
     */
    public record Params(Integer window, Integer stride, Double baseline, Integer target, String score, String layer, Integer batch) {
        public Params {
            if (window != null && window < 1) throw new UserInputException("window must be at least 1 pixel");
            if (stride != null && stride < 1) throw new UserInputException("stride must be at least 1 pixel");
            if (window != null && stride != null && stride > window) throw new UserInputException("stride must not exceed the window");
            if (batch != null && (batch < 1 || batch > 4096)) throw new UserInputException("batch must be 1–4096");
            if (target != null && target < 0) throw new UserInputException("target must be a class index ≥ 0");
            if (score != null) scoreKind(score);
        }

        ScoreKind scoreKind() {
            return score == null ? ScoreKind.LOGIT : scoreKind(score);
        }

        private static ScoreKind scoreKind(String text) {
            try {
                return ScoreKind.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
        }
    }

    /** Window start positions along one axis of length {@code size}. */
    static int positions(int size, int window, int stride) {
        return (int) Math.ceil((double) (size - window) / stride) + 1;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Occlusion sensitivity";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, null, 0.0, null, "logit", null, 64);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        Dl4jNetwork network = probe.model().network();
        int channels = (int) probe.inputs().size(1);
        int height = (int) probe.inputs().size(2);
        int width = (int) probe.inputs().size(3);
        int window = params.window() != null ? params.window() : Math.max(1, Math.round(Math.min(height, width) / 7f));
        int stride = params.stride() != null ? params.stride() : Math.max(1, window / 2);
        if (window > height || window > width) throw new UserInputException("window " + window + " is larger than the image (" + height + "×" + width + ")");
        if (stride > window) throw new UserInputException("stride must not exceed the window");
        double baseline = params.baseline() == null ? 0 : params.baseline();
        int batch = params.batch() == null ? 64 : params.batch();
        ScoreKind kind = params.scoreKind();
        String layer = Layers.resolve(network, params.layer(), () -> Layers.lastConvolution(network));
        if (params.target() != null && params.target() >= network.numClasses()) {
            throw new UserInputException("target " + params.target() + " is not a class: the model has " + network.numClasses());
        }

        int rows = positions(height, window, stride);
        int cols = positions(width, window, stride);
        int images = probe.count();
        int plane = height * width;
        float[] attribution = new float[images * channels * plane];
        float[] scoreDrop = new float[images * rows * cols];
        float[] strongestMap = new float[images * rows * cols];
        float[] topClass = new float[images * rows * cols];
        List<Map<String, Object>> perImage = new ArrayList<>();
        long totalPasses = (long) images * rows * cols;
        long done = 0;

        for (int n = 0; n < images; n++) {
            INDArray original = Layers.slice(probe.inputs(), n, n + 1).dup('c');
            Dl4jNetwork.Forward reference = network.forward(original, List.of(layer));
            int target = params.target() != null ? params.target() : Layers.argmax(reference.logits().getRow(0));
            double originalScore = network.scores(reference.logits(), kind).getDouble(0, target);
            int strongest = strongestChannel(reference.tap(layer));

            float[] pixels = original.data().asFloat();
            double[] sum = new double[plane];
            int[] count = new int[plane];
            for (int first = 0; first < rows * cols; first += batch) {
                progress.checkCancelled();
                int size = Math.min(batch, rows * cols - first);
                float[] occluded = new float[size * channels * plane];
                for (int b = 0; b < size; b++) {
                    System.arraycopy(pixels, 0, occluded, b * channels * plane, channels * plane);
                    int top = ((first + b) / cols) * stride;
                    int left = ((first + b) % cols) * stride;
                    for (int c = 0; c < channels; c++) {
                        for (int y = top; y < Math.min(height, top + window); y++) {
                            int offset = ((b * channels + c) * height + y) * width;
                            for (int x = left; x < Math.min(width, left + window); x++) occluded[offset + x] = (float) baseline;
                        }
                    }
                }
                Dl4jNetwork.Forward forward = network.forward(Nd4j.create(occluded, new long[]{size, channels, height, width}, 'c'), List.of(layer));
                INDArray scores = network.scores(forward.logits(), kind);
                INDArray strongestTotals = forward.tap(layer).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(strongest)).reshape(size, -1).sum(1);
                INDArray winners = forward.logits().argMax(1);
                for (int b = 0; b < size; b++) {
                    int position = first + b;
                    int top = (position / cols) * stride;
                    int left = (position % cols) * stride;
                    double drop = originalScore - scores.getDouble(b, target);
                    scoreDrop[n * rows * cols + position] = (float) drop;
                    strongestMap[n * rows * cols + position] = strongestTotals.getFloat(b);
                    topClass[n * rows * cols + position] = winners.getInt(b);
                    for (int y = top; y < Math.min(height, top + window); y++) {
                        for (int x = left; x < Math.min(width, left + window); x++) {
                            sum[y * width + x] += drop;
                            count[y * width + x]++;
                        }
                    }
                }
                done += size;
                progress.update((double) done / totalPasses, "image " + (n + 1) + " of " + images + ": " + (first + size) + " of " + rows * cols + " windows");
            }
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < plane; i++) {
                    attribution[(n * channels + c) * plane + i] = count[i] == 0 ? 0 : (float) (sum[i] / count[i]);
                }
            }
            Map<String, Object> facts = Layers.prediction(probe.model(), reference.logits(), 0);
            facts.put("target", target);
            facts.put("targetLabel", probe.model().profile().label(target));
            facts.put("targetScore", originalScore);
            facts.put("strongestChannel", strongest);
            perImage.add(facts);
        }

        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", new Tensor(new int[]{images, channels, height, width}, attribution));
        arrays.put("score-drop", new Tensor(new int[]{images, 1, rows, cols}, scoreDrop));
        arrays.put("strongest-map", new Tensor(new int[]{images, 1, rows, cols}, strongestMap));
        arrays.put("top-class", new Tensor(new int[]{images, 1, rows, cols}, topClass));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("window", window);
        facts.put("stride", stride);
        facts.put("baseline", baseline);
        facts.put("score", kind.name().toLowerCase());
        facts.put("layer", layer);
        facts.put("positions", List.of(rows, cols));
        facts.put("forwardPasses", totalPasses + images);
        return new AnalysisResult(ID, arrays, perImage, facts);
    }

    /** The channel with the largest single activation in a {@code [1, C, H, W]} map. */
    private static int strongestChannel(INDArray tap) {
        INDArray perChannel = tap.reshape(tap.size(1), -1).max(1);
        return perChannel.argMax().getInt(0);
    }
}
