package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.dataset.ConceptImages;
import org.convlens.dataset.ConceptMasks;
import org.convlens.dataset.ImageDataset;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.Dl4jTrainer;
import org.convlens.engine.InputSpec;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelProfile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DissectionTest {

    private static LoadedModel planted;
    private static final ConceptImages DATASET = new ConceptImages(300, ConceptImages.DISSECTION_SEED);

    /** A concept-sized network with random weights, except conv1 unit 0: a 1×1 "red minus green minus blue" filter. */
    @BeforeAll
    static void plantRedUnit() {
        MultiLayerNetwork net = Dl4jTrainer.conceptCnn(9, 5, 1e-3);
        INDArray weights = net.getLayer(0).getParam("W").dup();   // [out, in, kH, kW]
        weights.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).assign(0);
        weights.putScalar(new long[]{0, 0, 1, 1}, 1);
        weights.putScalar(new long[]{0, 1, 1, 1}, -1);
        weights.putScalar(new long[]{0, 2, 1, 1}, -1);
        net.getLayer(0).setParam("W", weights);
        net.getLayer(0).getParam("b").putScalar(0, 0);
        ModelProfile profile = new ModelProfile(32, 32, 3, InputSpec.Layout.NCHW, 1.0 / 255, null, null, ConceptImages.classes());
        planted = new LoadedModel("planted", "planted red unit", Dl4jNetwork.of(net, profile.inputSpec()), profile);
    }

    @Test
    void labelsThePlantedRedUnitRed() {
        Dissection.Result result = Dissection.dissect(planted, DATASET, "conv1", 0.005, 0.04, 3, 64, Progress.NONE);
        Dissection.UnitLabel unit = result.units().get(0);
        assertThat(result.concepts().get(unit.concept()).name()).isEqualTo("red");
        assertThat(unit.detector()).isTrue();
        assertThat(unit.iou()).isGreaterThan(0.04);
        assertThat(result.summary().get("colour")[0]).isGreaterThanOrEqualTo(1);
        assertThat(result.examples().get(0)).hasSize(3);
    }

    /** The stored examples of the red unit show red pixels wherever its mask is on, and its mask is not empty. */
    @Test
    void examplesOfTheRedUnitAreMaskedOnRed() {
        AnalysisResult result = new Dissection().run(new Probe(planted, org.nd4j.linalg.factory.Nd4j.zeros(1, 3, 32, 32), (id, limit) -> DATASET),
                new Dissection.Params("conv1", "any", 0.005, 0.04, 0, 2), Progress.NONE);
        float[] images = result.arrays().get("examples").data(), masks = result.arrays().get("example-masks").data();
        assertThat(result.arrays().get("examples").shape()).containsExactly(16 * 2, 3, 32, 32);
        for (int slot = 0; slot < 2; slot++) {
            int on = 0;
            for (int p = 0; p < 32 * 32; p++) {
                if (masks[slot * 1024 + p] == 0) continue;
                on++;
                float r = images[(slot * 3) * 1024 + p], g = images[(slot * 3 + 1) * 1024 + p], b = images[(slot * 3 + 2) * 1024 + p];
                assertThat(r).as("example %d pixel %d", slot, p).isGreaterThan(g).isGreaterThan(b);
            }
            assertThat(on).isPositive();
        }
    }

    /** IoU recomputed the plain way: every activation kept and sorted, each map upsampled on its own, every pixel compared. */
    @Test
    void iouEqualsABruteForceComputation() {
        double quantile = 0.01;
        Dissection.Result result = Dissection.dissect(planted, DATASET, "conv2", quantile, 0.04, 0, 50, Progress.NONE);
        INDArray maps = planted.network().forward(Layers.datasetBatch(planted, DATASET, 0, DATASET.size()), List.of("conv2")).tap("conv2");
        int h = (int) maps.size(2), w = (int) maps.size(3);
        for (int unit : new int[]{0, 7, 31}) {
            float[] all = maps.get(NDArrayIndex.all(), NDArrayIndex.point(unit)).dup('c').data().asFloat();
            float[] sorted = all.clone();
            Arrays.sort(sorted);
            int kept = (int) Math.ceil(quantile * all.length);
            double threshold = sorted[sorted.length - kept];
            long[] intersection = new long[ConceptImages.CONCEPTS.size()], conceptPixels = new long[intersection.length];
            long unitPixels = 0;
            for (int i = 0; i < DATASET.size(); i++) {
                ConceptMasks.Mask mask = DATASET.concepts().mask(i);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        double sy = Math.max(0, (y + 0.5) * h / 32 - 0.5), sx = Math.max(0, (x + 0.5) * w / 32 - 0.5);
                        int y0 = (int) sy, x0 = (int) sx, y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
                        double fy = sy - y0, fx = sx - x0;
                        int base = i * h * w;
                        double value = (1 - fy) * ((1 - fx) * all[base + y0 * w + x0] + fx * all[base + y0 * w + x1])
                                + fy * ((1 - fx) * all[base + y1 * w + x0] + fx * all[base + y1 * w + x1]);
                        boolean on = value > threshold;
                        if (on) unitPixels++;
                        for (int[] layer : mask.layers()) {
                            int concept = layer[y * 32 + x];
                            if (concept < 0) continue;
                            conceptPixels[concept]++;
                            if (on) intersection[concept]++;
                        }
                    }
                }
            }
            assertThat(result.units().get(unit).threshold()).isCloseTo(threshold, within(1e-6));
            for (int c = 0; c < intersection.length; c++) {
                double expected = (double) intersection[c] / (unitPixels + conceptPixels[c] - intersection[c]);
                assertThat(result.iou()[unit][c]).as("unit %d concept %d", unit, c).isCloseTo(expected, within(1e-3));
            }
        }
    }

    @Test
    void upsamplesLikeTorchWithHalfPixelCentres() {
        Dissection.Bilinear up = Dissection.Bilinear.of(1, 2, 1, 4);
        float[] map = {0, 1};
        float[] out = new float[4];
        for (int p = 0; p < 4; p++) out[p] = up.at(map, p);
        assertThat(out).containsExactly(0f, 0.25f, 0.75f, 1f);   // torch.nn.functional.interpolate(mode="bilinear", align_corners=False)
    }

    @Test
    void heapKeepsTheLargestValues() {
        Dissection.FloatMinHeap heap = new Dissection.FloatMinHeap(10);
        java.util.Random random = new java.util.Random(3);
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) heap.offer(values[i] = random.nextFloat());
        Arrays.sort(values);
        assertThat(heap.min()).isEqualTo(values[990]);
    }

    @Test
    void refusesADatasetWithoutMasks() {
        assertThatThrownBy(() -> Dissection.dissect(planted, ImageDataset.fashionMnistTest(10), "conv1", 0.005, 0.04, 0, 10, Progress.NONE))
                .isInstanceOf(UserInputException.class).hasMessageContaining("segmentation masks");
    }
}
