package org.convlens.analysis;

import org.convlens.Fixtures;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.InputSpec;
import org.convlens.engine.ScoreKind;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelProfile;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OcclusionTest {

    private final Occlusion occlusion = new Occlusion();

    @Test
    void windowPositionsFollowCaptum() {
        assertThat(Occlusion.positions(28, 4, 2)).isEqualTo(13);
        assertThat(Occlusion.positions(16, 5, 3)).isEqualTo(5);   // starts 0,3,6,9,12; the last window is clipped to 12..15
        assertThat(Occlusion.positions(4, 3, 2)).isEqualTo(2);
        assertThat(Occlusion.positions(7, 7, 1)).isEqualTo(1);
    }

    /**
     * A linear model, logit = Σ w·x over a 4×4 image with w = 1..16 row by row and x = 1 everywhere. With 2×2
     * windows at stride 2 the windows do not overlap, so each pixel's attribution is the sum of w over its window.
     */
    @Test
    void handSetLinearNetGivesTheWindowSums() {
        LoadedModel model = linearModel();
        Probe probe = new Probe(model, Nd4j.ones(DataType.FLOAT, 1, 1, 4, 4));
        AnalysisResult result = occlusion.run(probe, new Occlusion.Params(2, 2, 0.0, 0, "logit", model.network().outputLayer(), 64), Progress.NONE);
        float[] expected = {
                14, 14, 22, 22,
                14, 14, 22, 22,
                46, 46, 54, 54,
                46, 46, 54, 54};
        assertThat(result.arrays().get("attribution").data()).containsExactly(expected, within(1e-4f));
        assertThat(result.arrays().get("score-drop").shape()).containsExactly(1, 1, 2, 2);
        assertThat(result.arrays().get("score-drop").data()).containsExactly(new float[]{14, 22, 46, 54}, within(1e-4f));
    }

    /** Overlapping windows: a pixel's value is the mean drop of the windows that cover it. */
    @Test
    void overlappingWindowsAverageTheirDrops() {
        LoadedModel model = linearModel();
        Probe probe = new Probe(model, Nd4j.ones(DataType.FLOAT, 1, 1, 4, 4));
        AnalysisResult result = occlusion.run(probe, new Occlusion.Params(3, 2, 0.0, 0, "logit", model.network().outputLayer(), 64), Progress.NONE);
        // Windows start at 0 and 2 per axis: rows/cols 0..2 and 2..3 (clipped).
        float w00 = 1 + 2 + 3 + 5 + 6 + 7 + 9 + 10 + 11;
        float w02 = 3 + 4 + 7 + 8 + 11 + 12;
        float w20 = 9 + 10 + 11 + 13 + 14 + 15;
        float w22 = 11 + 12 + 15 + 16;
        float[] attribution = result.arrays().get("attribution").data();
        assertThat(attribution[0]).isCloseTo(w00, within(1e-4f));
        assertThat(attribution[2 * 4 + 2]).isCloseTo((w00 + w02 + w20 + w22) / 4, within(1e-4f));
        assertThat(attribution[3]).isCloseTo(w02, within(1e-4f));
        assertThat(attribution[2]).isCloseTo((w00 + w02) / 2, within(1e-4f));
    }

    @Test
    void matchesABruteForceLoopOnAFunctionalRgbNet() {
        LoadedModel model = Fixtures.load(Fixtures.FUNCTIONAL_RGB);
        INDArray inputs = Fixtures.reference(Fixtures.FUNCTIONAL_RGB).inputsNchw();
        Occlusion.Params params = new Occlusion.Params(5, 3, 0.1, 2, "probability", "conv_c", 7);
        AnalysisResult result = occlusion.run(new Probe(model, inputs), params, Progress.NONE);
        assertMatchesBruteForce(model, inputs, params, 2, result);
    }

    @Test
    void matchesABruteForceLoopOnASequentialGrayNetWithPredictedTargets() {
        LoadedModel model = Fixtures.load(Fixtures.SEQUENTIAL_GRAY);
        INDArray inputs = Fixtures.reference(Fixtures.SEQUENTIAL_GRAY).inputsNchw();
        Occlusion.Params params = new Occlusion.Params(4, 2, 0.0, null, "logit", null, 64);
        AnalysisResult result = occlusion.run(new Probe(model, inputs), params, Progress.NONE);
        assertThat(result.facts()).containsEntry("layer", "conv1");
        assertMatchesBruteForce(model, inputs, params, null, result);
    }

    @Test
    void batchSizeDoesNotChangeTheAnswer() {
        LoadedModel model = Fixtures.load(Fixtures.SEQUENTIAL_GRAY);
        INDArray inputs = Fixtures.reference(Fixtures.SEQUENTIAL_GRAY).inputsNchw();
        Tensor one = occlusion.run(new Probe(model, inputs), new Occlusion.Params(3, 1, 0.0, null, null, null, 1), Progress.NONE).main();
        Tensor many = occlusion.run(new Probe(model, inputs), new Occlusion.Params(3, 1, 0.0, null, null, null, 100), Progress.NONE).main();
        assertThat(many.data()).containsExactly(one.data(), within(1e-5f));
    }

    @Test
    void rejectsImpossibleParameters() {
        assertThatThrownBy(() -> new Occlusion.Params(4, 5, 0.0, null, null, null, 8)).isInstanceOf(UserInputException.class).hasMessageContaining("stride");
        assertThatThrownBy(() -> new Occlusion.Params(4, 2, 0.0, null, "loss", null, 8)).isInstanceOf(UserInputException.class).hasMessageContaining("logit or probability");
        LoadedModel model = Fixtures.load(Fixtures.SEQUENTIAL_GRAY);
        Probe probe = new Probe(model, Fixtures.reference(Fixtures.SEQUENTIAL_GRAY).inputsNchw());
        assertThatThrownBy(() -> occlusion.run(probe, new Occlusion.Params(13, 2, 0.0, null, null, null, 8), Progress.NONE))
                .isInstanceOf(UserInputException.class).hasMessageContaining("larger than the image");
        assertThatThrownBy(() -> occlusion.run(probe, new Occlusion.Params(3, 2, 0.0, 3, null, null, 8), Progress.NONE))
                .isInstanceOf(UserInputException.class).hasMessageContaining("not a class");
    }

    /** One forward pass per window, written as plainly as possible. */
    private static void assertMatchesBruteForce(LoadedModel model, INDArray inputs, Occlusion.Params params, Integer fixedTarget, AnalysisResult result) {
        Dl4jNetwork network = model.network();
        ScoreKind kind = ScoreKind.parse(params.score());
        int n = (int) inputs.size(0), c = (int) inputs.size(1), h = (int) inputs.size(2), w = (int) inputs.size(3);
        int window = params.window(), stride = params.stride();
        int rows = Occlusion.positions(h, window, stride), cols = Occlusion.positions(w, window, stride);
        String layer = (String) result.facts().get("layer");
        for (int image = 0; image < n; image++) {
            INDArray x = inputs.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(image, image + 1)).dup();
            Dl4jNetwork.Forward reference = network.forward(x, List.of(layer));
            int target = fixedTarget != null ? fixedTarget : reference.logits().getRow(0).argMax().getInt(0);
            double original = network.scores(reference.logits(), kind).getDouble(0, target);
            INDArray strongestPerChannel = reference.tap(layer).reshape(reference.tap(layer).size(1), -1).max(1);
            int strongest = strongestPerChannel.argMax().getInt(0);
            double[][] sum = new double[h][w];
            int[][] count = new int[h][w];
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < cols; q++) {
                    INDArray copy = x.dup();
                    for (int ch = 0; ch < c; ch++)
                        for (int y = r * stride; y < Math.min(h, r * stride + window); y++)
                            for (int xx = q * stride; xx < Math.min(w, q * stride + window); xx++) copy.putScalar(new long[]{0, ch, y, xx}, params.baseline());
                    Dl4jNetwork.Forward occluded = network.forward(copy, List.of(layer));
                    double drop = original - network.scores(occluded.logits(), kind).getDouble(0, target);
                    int position = (image * rows + r) * cols + q;
                    assertThat(result.arrays().get("score-drop").data()[position]).isCloseTo((float) drop, within(1e-5f));
                    assertThat(result.arrays().get("strongest-map").data()[position])
                            .isCloseTo(occluded.tap(layer).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(strongest)).sumNumber().floatValue(), within(1e-3f));
                    assertThat(result.arrays().get("top-class").data()[position]).isEqualTo(occluded.logits().getRow(0).argMax().getInt(0));
                    for (int y = r * stride; y < Math.min(h, r * stride + window); y++)
                        for (int xx = q * stride; xx < Math.min(w, q * stride + window); xx++) {
                            sum[y][xx] += drop;
                            count[y][xx]++;
                        }
                }
            }
            float[] attribution = result.arrays().get("attribution").data();
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int xx = 0; xx < w; xx++)
                        assertThat(attribution[((image * c + ch) * h + y) * w + xx]).as("pixel %d,%d,%d,%d", image, ch, y, xx)
                                .isCloseTo((float) (sum[y][xx] / count[y][xx]), within(1e-5f));
            assertThat(result.perImage().get(image)).containsEntry("target", target);
        }
    }

    /** logit = Σ w·x with w = 1..16 over a 4×4 gray image, as a real DL4J network. */
    static LoadedModel linearModel() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(4, 4, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray weights = Nd4j.arange(1, 17).castTo(DataType.FLOAT).reshape(16, 1);
        net.getLayer(0).setParam("W", weights);
        net.getLayer(0).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 1));
        InputSpec spec = new InputSpec(4, 4, 1, InputSpec.Layout.NCHW);
        ModelProfile profile = ModelProfile.defaults(spec, 1);
        return new LoadedModel("linear", "linear", Dl4jNetwork.of(net, spec), profile);
    }
}
