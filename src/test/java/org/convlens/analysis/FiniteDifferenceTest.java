package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.InputSpec;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelProfile;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input gradients against central finite differences, in double precision, on channels-first (DL4J-native)
 * networks with BatchNormalization in inference mode: a MultiLayerNetwork ending in an OutputLayer and a
 * ComputationGraph with a residual addition and a concatenation.
 */
class FiniteDifferenceTest {

    private static final InputSpec INPUT = new InputSpec(8, 8, 3, InputSpec.Layout.NCHW);

    @Test
    void sequentialGradientsMatchFiniteDifferences() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE)
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        randomizeBatchNorm(net.getLayers());
        assertMatchesFiniteDifferences(Dl4jNetwork.of(net, INPUT));
    }

    @Test
    void graphGradientsMatchFiniteDifferences() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE)
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build(), "in")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("bn", new BatchNormalization.Builder().build(), "sum")
                .addVertex("cat", new MergeVertex(), "bn", "a")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "cat")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        randomizeBatchNorm(graph.getLayers());
        assertMatchesFiniteDifferences(Dl4jNetwork.of(graph, INPUT));
    }

    /** Non-trivial running statistics, so that the inference derivative γ/σ is really exercised. */
    private static void randomizeBatchNorm(Layer[] layers) {
        for (Layer layer : layers) {
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                for (String key : layer.paramTable().keySet()) {
                    INDArray current = layer.getParam(key);
                    INDArray value = key.equals("log10stdev") ? Nd4j.rand(DataType.DOUBLE, current.shape()).subi(0.5)
                            : key.equals("gamma") ? Nd4j.rand(DataType.DOUBLE, current.shape()).addi(0.5)
                            : Nd4j.randn(DataType.DOUBLE, current.shape()).muli(0.3);
                    layer.setParam(key, value);
                }
            }
        }
    }

    private static void assertMatchesFiniteDifferences(Dl4jNetwork network) {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 8, 8);
        LoadedModel model = new LoadedModel("fd", "fd", network, ModelProfile.defaults(INPUT, 3));
        for (String score : List.of("logit", "probability")) {
            int target = 1;
            INDArray gradient = network.gradients(x, null, forward -> ClassTarget.of(target, score).seed(network, forward.logits()),
                    org.convlens.engine.ReluBackward.Rule.GRADIENT, List.of()).input().dup('c');
            double h = 1e-6;
            double worst = 0;
            double scale = gradient.amaxNumber().doubleValue();
            for (long i = 0; i < x.length(); i++) {
                INDArray plus = x.dup();
                INDArray minus = x.dup();
                plus.data().put(i, x.data().getDouble(i) + h);
                minus.data().put(i, x.data().getDouble(i) - h);
                double fPlus = network.scores(network.logits(plus), org.convlens.engine.ScoreKind.parse(score)).getDouble(i / 192, target);
                double fMinus = network.scores(network.logits(minus), org.convlens.engine.ScoreKind.parse(score)).getDouble(i / 192, target);
                worst = Math.max(worst, Math.abs((fPlus - fMinus) / (2 * h) - gradient.data().getDouble(i)));
            }
            assertThat(scale).isGreaterThan(0);
            System.out.printf("finite differences, %s: worst error %.3g, %.3g of max |gradient|%n", score, worst, worst / scale);
            assertThat(worst / scale).as(score + ": worst finite-difference error over max |gradient| (" + scale + ")").isLessThan(1e-4);
        }
        AnalysisResult saliency = new Saliency().run(new Probe(model, x), new Backprojection.Params(1, null, null, null, null, false, 1), Progress.NONE);
        assertThat(saliency.main().shape()).containsExactly(2, 3, 8, 8);
    }
}
