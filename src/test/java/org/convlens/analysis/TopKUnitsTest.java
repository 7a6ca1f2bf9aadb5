package org.convlens.analysis;

import org.convlens.Fixtures;
import org.convlens.base.Progress;
import org.convlens.dataset.ImageDataset;
import org.convlens.engine.ReceptiveField;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Top-k images per unit against a brute-force scan, and receptive-field boxes against a hand calculation. */
class TopKUnitsTest {

    static final LoadedModel model = Fixtures.loadBuiltIn();

    @Test
    void equalsABruteForceScan() {
        ImageDataset dataset = ImageDataset.fashionMnistTest(300);
        TopKUnits.Result result = TopKUnits.scan(model, dataset, "conv2", 4, false, 64, Progress.NONE);
        assertThat(result.units()).hasSize(32);
        // Brute force: one image at a time, every channel's maximum, then sort.
        List<double[]> maxima = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            float[] input = ImagePreprocessor.prepare(dataset.image(i), model.profile()).modelInput();
            INDArray maps = model.network().forward(Nd4j.create(input, new long[]{1, 1, 28, 28}, 'c'), List.of("conv2")).tap("conv2");
            maxima.add(maps.reshape(32, -1).max(1).toDoubleVector());
        }
        for (int c = 0; c < 32; c++) {
            int channel = c;
            List<Integer> expected = java.util.stream.IntStream.range(0, dataset.size()).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> maxima.get(i)[channel]).reversed().thenComparingInt(i -> i)).limit(4).toList();
            TopKUnits.Unit unit = result.units().get(c);
            assertThat(unit.channel()).isEqualTo(c);
            assertThat(unit.top()).extracting(TopKUnits.Hit::image).as("channel %d", c).containsExactlyElementsOf(expected);
            for (TopKUnits.Hit hit : unit.top()) assertThat(hit.activation()).isCloseTo(maxima.get(hit.image())[c], within(1e-4));
        }
    }

    /**
     * conv1 3×3 same → pool1 2×2/2 → conv2 3×3 same → pool2 2×2/2. A pool1 unit q sees conv1 units 2q..2q+1, so input
     * 2q−1..2q+2; a conv2 unit p sees pool1 units p−1..p+1, so input 2p−3..2p+4 (size 8); a pool2 unit r sees conv2
     * units 2r..2r+1, so input 4r−3..4r+6 (size 10).
     */
    @Test
    void receptiveFieldsMatchAHandCalculation() {
        assertThat(model.network().receptiveField("conv1")).isEqualTo(ReceptiveField.square(3, 1, 0));
        assertThat(model.network().receptiveField("pool1").box(5, 5, 28, 28)).containsExactly(9, 9, 12, 12);
        assertThat(model.network().receptiveField("conv2").describe()).isEqualTo("8 px");
        assertThat(model.network().receptiveField("conv2").box(5, 6, 28, 28)).containsExactly(7, 9, 14, 16);
        assertThat(model.network().receptiveField("conv2").box(0, 13, 28, 28)).containsExactly(0, 23, 4, 27);
        assertThat(model.network().receptiveField("pool2").box(2, 3, 28, 28)).containsExactly(5, 9, 14, 18);
    }

    /**
     * A 3×5 kernel with stride 1×2 (valid), then 2×2/2 max-pooling, on 20×30: a conv unit (y, x) sees rows y..y+2 and
     * columns 2x..2x+4; a pool unit (r, c) sees conv rows 2r..2r+1 and columns 2c..2c+1, so input rows 2r..2r+3 and
     * columns 4c..4c+6.
     */
    @Test
    void rectangularKernelsAndStridesAreHandledPerAxis() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1)
                .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Truncate).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 5).stride(1, 2).name("conv").nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType.MAX)
                        .name("pool").kernelSize(2, 2).stride(2, 2).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().name("out").nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(20, 30, 1)).build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        var network = org.convlens.engine.Dl4jNetwork.of(net, new org.convlens.engine.InputSpec(20, 30, 1, org.convlens.engine.InputSpec.Layout.NCHW));
        assertThat(network.receptiveField("conv").box(4, 3, 20, 30)).containsExactly(4, 6, 6, 10);
        assertThat(network.receptiveField("pool").box(3, 2, 20, 30)).containsExactly(6, 8, 9, 14);
        assertThat(network.receptiveField("pool").describe()).isEqualTo("4×7 px");
    }

    /** Valid padding and stride 2 in a Keras graph: conv 3×3 valid then max-pool 2 on the gray fixture. */
    @Test
    void validPaddingShiftsTheBoxes() {
        LoadedModel gray = Fixtures.load(Fixtures.SEQUENTIAL_GRAY);
        // conv1 3×3 valid: unit u sees input u..u+2; pool1 2×2/2 over it: unit v sees conv1 2v..2v+1, input 2v..2v+3.
        assertThat(gray.network().receptiveField("conv1").box(4, 2, 12, 12)).containsExactly(4, 2, 6, 4);
        assertThat(gray.network().receptiveField("pool1").box(1, 3, 12, 12)).containsExactly(2, 6, 5, 9);
    }

    @Test
    void asAnExperimentTheImagesAndHitsComeUnitByUnit() {
        AnalysisResult result = new TopK().run(new Probe(model, Nd4j.zeros(1, 1, 28, 28)), new TopK.Params(null, 2, 50, false, null), Progress.NONE);
        assertThat(result.facts()).containsEntry("layer", "conv2").containsEntry("receptiveField", "8 px");
        assertThat(result.arrays().get("images").shape()).containsExactly(64, 1, 28, 28);
        assertThat(result.arrays()).doesNotContainKey("projections");
        assertThat(result.perImage()).hasSize(64);
        assertThat(result.perImage().get(2)).containsEntry("channel", 1);
        double first = ((Number) result.perImage().get(0).get("activation")).doubleValue();
        double second = ((Number) result.perImage().get(1).get("activation")).doubleValue();
        assertThat(first).isGreaterThanOrEqualTo(second);
    }

    @Test
    void projectionsComeUnitByUnitBestFirst() {
        TopKUnits.Result result = TopKUnits.scan(model, ImageDataset.fashionMnistTest(64), "conv1", 2, true, 16, Progress.NONE);
        assertThat(result.projections().shape()).containsExactly(16 * 2, 1, 28, 28);
        // A conv1 unit's DeConvNet projection lives inside its 3×3 receptive field.
        TopKUnits.Hit hit = result.units().get(5).top().get(0);
        float[] data = result.projections().data();
        int offset = (5 * 2) * 784;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                boolean inside = y >= hit.box()[0] && y <= hit.box()[2] && x >= hit.box()[1] && x <= hit.box()[3];
                if (!inside) assertThat(data[offset + y * 28 + x]).isZero();
            }
        }
    }
}
