package org.convlens.analysis;

import org.convlens.Fixtures;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jArrays;
import org.convlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FeatureMapsTest {

    private final FeatureMaps featureMaps = new FeatureMaps();

    @Test
    void firstConvolutionByDefaultChannelsFirstAsNumpyComputesIt() {
        for (String fixture : new String[]{Fixtures.SEQUENTIAL_GRAY, Fixtures.FUNCTIONAL_RGB}) {
            LoadedModel model = Fixtures.load(fixture);
            Fixtures.Reference reference = Fixtures.reference(fixture);
            AnalysisResult result = featureMaps.run(new Probe(model, reference.inputsNchw()), featureMaps.defaults(), Progress.NONE);
            assertThat(result.facts()).containsEntry("layer", reference.firstConv());
            Tensor activations = result.arrays().get("activations");
            INDArray expected = reference.firstConvNchw();
            assertThat(activations.shape()).containsExactly(java.util.Arrays.stream(expected.shape()).mapToInt(Math::toIntExact).toArray());
            float[] want = Dl4jArrays.toTensor(expected).data();
            assertThat(activations.data()).as(fixture).containsExactly(want, within(1e-4f));
        }
    }

    @Test
    void denseAndOutputLayersComeAsChannelsOfOnePixel() {
        LoadedModel model = Fixtures.load(Fixtures.FUNCTIONAL_RGB);
        Fixtures.Reference reference = Fixtures.reference(Fixtures.FUNCTIONAL_RGB);
        Tensor pooled = featureMaps.run(new Probe(model, reference.inputsNchw()), new FeatureMaps.Params("gap_1"), Progress.NONE).main();
        assertThat(pooled.shape()).containsExactly(2, 8, 1, 1);
        Tensor output = featureMaps.run(new Probe(model, reference.inputsNchw()), new FeatureMaps.Params("dense_out"), Progress.NONE).main();
        assertThat(output.shape()).containsExactly(2, 5, 1, 1);
        double[][] probabilities = reference.probabilities();
        for (int k = 0; k < 5; k++) assertThat((double) output.data()[5 + k]).isCloseTo(probabilities[1][k], within(1e-5));
    }

    @Test
    void unknownLayerIsAClearError() {
        LoadedModel model = Fixtures.load(Fixtures.SEQUENTIAL_GRAY);
        Probe probe = new Probe(model, Fixtures.reference(Fixtures.SEQUENTIAL_GRAY).inputsNchw());
        assertThatThrownBy(() -> featureMaps.run(probe, new FeatureMaps.Params("conv9"), Progress.NONE))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no layer named 'conv9'").hasMessageContaining("conv1");
    }
}
