package org.convlens.analysis;

import org.convlens.Fixtures;
import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.dataset.ImageDataset;
import org.convlens.model.LoadedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Ablating units of the built-in model on 1,000 labelled test images. */
class AblationTest {

    static final LoadedModel model = Fixtures.loadBuiltIn();
    static Ablation.Evaluator ablation;

    @BeforeAll
    static void prepare() {
        ablation = new Ablation.Evaluator(model, ImageDataset.fashionMnistTest(1000));
    }

    @Test
    void ablatingEveryUnitOfTheLastConvolutionDropsToChanceAndNoneChangesNothing() {
        Ablation.Score baseline = ablation.score(model.network());
        assertThat(baseline.accuracy()).isGreaterThan(0.85);
        assertThat(ablation.ablate("conv2", new int[0], Ablation.Mode.ZERO).accuracy()).isEqualTo(baseline.accuracy());
        int[] all = IntStream.range(0, 32).toArray();
        for (Ablation.Mode mode : Ablation.Mode.values()) {
            Ablation.Score ablated = ablation.ablate("conv2", all, mode);
            assertThat(ablated.accuracy()).as(mode.name()).isLessThan(0.2);
            long classesPredicted = java.util.Arrays.stream(ablated.perClass()).filter(a -> a > 0).count();
            assertThat(classesPredicted).as("a constant input to the dense layers predicts one class").isEqualTo(1);
        }
    }

    @Test
    void eachUnitIsRankedByTheAccuracyItCosts() {
        Ablation.Result result = ablation.eachUnit("conv2", Ablation.Mode.MEAN, Progress.NONE);
        assertThat(result.units()).hasSize(32);
        for (int i = 1; i < 32; i++) assertThat(result.units().get(i - 1).drop()).isGreaterThanOrEqualTo(result.units().get(i).drop());
        Ablation.UnitImportance top = result.units().get(0);
        assertThat(top.drop()).isCloseTo(result.baseline().accuracy() - ablation.ablate("conv2", new int[]{top.channel()}, Ablation.Mode.MEAN).accuracy(), within(1e-12));
        assertThat(top.drop()).isGreaterThan(0);
    }

    @Test
    void poolingLayersHaveNoUnitsToFix() {
        assertThatThrownBy(() -> ablation.ablate("pool1", new int[]{0}, Ablation.Mode.ZERO)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("convolution and dense layers");
    }

    @Test
    void wholeLayersAreAblatedInNetworkOrderAndTheTechniqueStoresPerClassAccuracy() {
        List<Ablation.LayerImportance> layers = ablation.eachLayer(Ablation.Mode.ZERO, ablation.score(model.network()), Progress.NONE);
        assertThat(layers).extracting(Ablation.LayerImportance::layer).containsExactly("conv1", "conv2", "dense");
        assertThat(layers).allSatisfy(layer -> assertThat(layer.accuracy()).isLessThan(0.2));

        AnalysisResult together = new Ablation().run(new Probe(model, Nd4j.zeros(1, 1, 28, 28)),
                new Ablation.Params("conv2", "zero", "all", null, 300), Progress.NONE);
        assertThat(together.arrays().get("per-class").shape()).containsExactly(1, 1, 2, 10);
        assertThat((double) together.facts().get("ablatedAccuracy")).isLessThan(0.2);
        assertThatThrownBy(() -> new Ablation.Params(null, "zero", "3;4", null, null)).hasMessageContaining("3,7,12");
    }

    @Test
    void datasetClassesMapToTheModelByNameByNumberOrInOrder() {
        assertThat(Ablation.Evaluator.modelClasses(dataset(List.of("Bag", "Trouser")), model)).containsExactly(8, 1);
        assertThat(Ablation.Evaluator.modelClasses(dataset(List.of("2", "9")), model)).containsExactly(2, 9);
        assertThatThrownBy(() -> Ablation.Evaluator.modelClasses(dataset(List.of("cat", "dog")), model)).hasMessageContaining("match neither");
    }

    private static ImageDataset dataset(List<String> classes) {
        return new ImageDataset() {
            public int size() { return 0; }
            public String name(int index) { return ""; }
            public java.awt.image.BufferedImage image(int index) { return null; }
            public int label(int index) { return 0; }
            public List<String> classNames() { return classes; }
        };
    }
}
