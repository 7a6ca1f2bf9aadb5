package org.convlens.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import org.convlens.Fixtures;
import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saliency, guided backprop and DeConvNet against PyTorch on a gray Sequential net and an RGB graph with BatchNorm. */
class BackprojectionTest {

    private static final String[] MODELS = {Fixtures.SEQUENTIAL_GRAY, "keras-functional-bn.h5"};

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.SEQUENTIAL_GRAY, "keras-functional-bn.h5"})
    void classProjectionsMatchPytorch(String file) {
        AttributionReference reference = AttributionReference.of(file);
        reference.assertTechniqueMatches(new Saliency(), n -> new Backprojection.Params(reference.target(n), "logit", null, null, null, false, 8), "saliency");
        reference.assertTechniqueMatches(new Saliency(), n -> new Backprojection.Params(reference.target(n), "probability", null, null, null, false, 8), "saliency-probability");
        reference.assertTechniqueMatches(new GuidedBackprop(), n -> new Backprojection.Params(reference.target(n), null, null, null, null, false, 8), "guided-backprop");
        reference.assertTechniqueMatches(new Deconvnet(), n -> new Backprojection.Params(reference.target(n), null, null, null, null, false, 8), "deconvnet");
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.SEQUENTIAL_GRAY, "keras-functional-bn.h5"})
    void unitProjectionsFromTheMaximumMatchPytorchForAWholeBatch(String file) {
        AttributionReference reference = AttributionReference.of(file);
        JsonNode unit = reference.method("unit");
        String layer = unit.get("layer").asText();
        int channel = unit.get("channel").asInt();
        for (Backprojection technique : new Backprojection[]{new Saliency(), new GuidedBackprop(), new Deconvnet()}) {
            AnalysisResult result = technique.run(new Probe(reference.model(), reference.inputs()),
                    new Backprojection.Params(null, null, layer, channel, null, false, 2), Progress.NONE);
            for (int n = 0; n < reference.images(); n++) {
                AttributionReference.assertImageMatches(result.main(), n, AttributionReference.reference(unit.get(technique.id())), n, technique.id() + " unit, image " + n);
                JsonNode yx = unit.get("positions").get(n);
                assertThat(result.perImage().get(n).get("unit")).isEqualTo(layer + " channel " + channel + " at " + yx.get(0).asInt() + "," + yx.get(1).asInt());
            }
        }
    }

    @Test
    void absoluteSaliencyAndClearErrors() {
        AttributionReference reference = AttributionReference.of(Fixtures.SEQUENTIAL_GRAY);
        AnalysisResult result = new Saliency().run(new Probe(reference.model(), reference.inputs()),
                new Backprojection.Params(null, null, null, null, null, true, 8), Progress.NONE);
        for (float v : result.main().data()) assertThat(v).isGreaterThanOrEqualTo(0f);
        assertThatThrownBy(() -> new Backprojection.Params(null, null, "conv1", null, null, false, 8)).isInstanceOf(UserInputException.class).hasMessageContaining("needs a channel");
        assertThatThrownBy(() -> new Backprojection.Params(null, null, "conv1", 0, "3;4", false, 8)).isInstanceOf(UserInputException.class).hasMessageContaining("y,x");
        assertThatThrownBy(() -> new Saliency().run(new Probe(reference.model(), reference.inputs()), new Backprojection.Params(null, null, "conv1", 9, null, false, 8), Progress.NONE))
                .isInstanceOf(UserInputException.class).hasMessageContaining("has 4 channels");
    }
}
