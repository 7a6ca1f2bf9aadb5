package org.convlens.analysis;

import org.convlens.Fixtures;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Input × gradient, integrated gradients, Grad-CAM, guided Grad-CAM and SmoothGrad against PyTorch and their own definitions. */
class GradientMethodsTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.SEQUENTIAL_GRAY, "keras-functional-bn.h5"})
    void matchPytorch(String file) {
        AttributionReference reference = AttributionReference.of(file);
        reference.assertTechniqueMatches(new InputXGradient(), n -> new InputXGradient.Params(reference.target(n), null, 4), "input-x-gradient");
        reference.assertTechniqueMatches(new IntegratedGradients(), n -> new IntegratedGradients.Params(reference.target(n), null, 0.0, 50, "gausslegendre", 16),
                "integrated-gradients");
        reference.assertTechniqueMatches(new IntegratedGradients(), n -> new IntegratedGradients.Params(reference.target(n), null, 0.0, 20, "riemann_trapezoid", 7),
                "integrated-gradients-trapezoid");
        String layer = reference.node().get("lastConv").asText();
        reference.assertTechniqueMatches(new GradCam(), n -> new GradCam.Params(reference.target(n), null, layer, true, 4), "gradcam");
        reference.assertTechniqueMatches(new GradCam(), n -> new GradCam.Params(reference.target(n), null, layer, false, 4), "gradcam-no-relu");
        reference.assertTechniqueMatches(new GuidedGradCam(), n -> new GradCam.Params(reference.target(n), null, layer, null, 4), "guided-gradcam");
    }

    @Test
    void gradCamDefaultsToTheLastConvolution() {
        AttributionReference reference = AttributionReference.of("keras-functional-bn.h5");
        AnalysisResult result = new GradCam().run(new Probe(reference.model(), reference.inputs()), new GradCam().defaults(), Progress.NONE);
        assertThat(result.facts()).containsEntry("layer", "conv3b");
        assertThat(result.main().shape()).containsExactly(3, 1, 8, 8);
    }

    @Test
    void integratedGradientsAreCompleteAtThreeHundredSteps() {
        AttributionReference reference = AttributionReference.of("keras-functional-bn.h5");
        for (String method : IntegratedGradients.METHODS) {
            if (method.equals("riemann_left") || method.equals("riemann_right")) continue; // first-order rules converge too slowly to claim 1 %
            AnalysisResult result = new IntegratedGradients().run(new Probe(reference.model(), reference.inputs()),
                    new IntegratedGradients.Params(null, null, 0.0, 300, method, 100), Progress.NONE);
            for (Map<String, Object> image : result.perImage()) {
                double gap = ((Number) image.get("scoreGap")).doubleValue();
                double delta = ((Number) image.get("completenessDelta")).doubleValue();
                assertThat(Math.abs(delta)).as(method + ": delta %s for gap %s", delta, gap).isLessThanOrEqualTo(0.01 * Math.abs(gap));
            }
        }
    }

    @Test
    void quadratureRulesIntegrateAsCaptumDoes() {
        IntegratedGradients.Quadrature legendre = IntegratedGradients.Quadrature.of("gausslegendre", 5);
        // Five-point Gauss–Legendre is exact for polynomials up to degree 9: ∫₀¹ x⁹ dx = 0.1.
        double integral = 0;
        for (int i = 0; i < 5; i++) integral += legendre.weights()[i] * Math.pow(legendre.alphas()[i], 9);
        assertThat(integral).isCloseTo(0.1, within(1e-12));
        assertThat(legendre.alphas()[0]).isCloseTo(0.5 * (1 - 0.9061798459386640), within(1e-12));
        assertThat(IntegratedGradients.Quadrature.of("riemann_trapezoid", 3).weights()).containsExactly(0.25, 0.5, 0.25);
        assertThat(IntegratedGradients.Quadrature.of("riemann_middle", 2).alphas()).containsExactly(0.25, 0.75);
        assertThat(IntegratedGradients.Quadrature.of("riemann_right", 2).alphas()).containsExactly(0.5, 1.0);
    }

    @Test
    void smoothGradIsTheMeanOfTheBaseOverItsNoisyCopies() {
        AttributionReference reference = AttributionReference.of(Fixtures.SEQUENTIAL_GRAY);
        INDArray x = reference.image(1);
        SmoothGrad smoothGrad = (SmoothGrad) TechniqueRegistry.standard().get(SmoothGrad.ID);
        AnalysisResult result = smoothGrad.run(new Probe(reference.model(), x), new SmoothGrad.Params("guided-backprop", 0.2, 6, 42L, 2, null), Progress.NONE);

        double sigma = 0.2 * (x.maxNumber().doubleValue() - x.minNumber().doubleValue());
        INDArray noisy = SmoothGrad.noisyCopies(x, 6, sigma, new Random(42));
        Tensor perCopy = new GuidedBackprop().run(new Probe(reference.model(), noisy), new Backprojection.Params(2, null, null, null, null, false, 16), Progress.NONE).main();
        INDArray expected = Dl4jArrays.toArray(perCopy).mean(true, 0);
        assertThat(result.main().data()).containsExactly(Dl4jArrays.toTensor(expected).data(), within(1e-6f));
        assertThat(result.perImage().get(0)).containsEntry("target", 2);
        assertThat(noisy.sub(x.broadcast(noisy.shape())).stdNumber().doubleValue()).isCloseTo(sigma, within(sigma * 0.1));

        AnalysisResult again = smoothGrad.run(new Probe(reference.model(), x), new SmoothGrad.Params("guided-backprop", 0.2, 6, 42L, 2, null), Progress.NONE);
        assertThat(again.main()).isEqualTo(result.main());
        assertThatThrownBy(() -> smoothGrad.run(new Probe(reference.model(), x), new SmoothGrad.Params("occlusion", 0.2, 2, 1L, null, null), Progress.NONE))
                .isInstanceOf(UserInputException.class).hasMessageContaining("can smooth");
    }

    @Test
    void everyTechniqueRunsOnEveryFixtureWithItsDefaults() {
        TechniqueRegistry registry = TechniqueRegistry.standard();
        for (String file : List.of(Fixtures.SEQUENTIAL_GRAY, Fixtures.FUNCTIONAL_RGB, "keras-functional-bn.h5")) {
            AttributionReference reference = AttributionReference.of(file.equals(Fixtures.FUNCTIONAL_RGB) ? "keras-functional-bn.h5" : file);
            var model = Fixtures.load(file);
            INDArray inputs = file.equals(Fixtures.FUNCTIONAL_RGB) ? Fixtures.reference(file).inputsNchw() : reference.inputs();
            for (Technique<?> technique : registry.all()) {
                if (!technique.usesImages()) continue;   // dataset scans are tested on their own
                Record params = registry.parameters(technique.id(), technique.id().equals(SmoothGrad.ID) ? Map.of("samples", 2) : Map.of());
                AnalysisResult result = registry.run(technique.id(), new Probe(model, inputs), params, Progress.NONE);
                assertThat(result.main().dim(0)).as(technique.id() + " on " + file).isEqualTo((int) inputs.size(0));
                assertThat(result.perImage()).hasSize((int) inputs.size(0));
                for (float v : result.main().data()) assertThat(Float.isFinite(v)).as(technique.id()).isTrue();
            }
        }
    }
}
