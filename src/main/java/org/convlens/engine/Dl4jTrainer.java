package org.convlens.engine;

import org.convlens.base.Progress;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

/**
 * Trains the built-in classifiers (Fashion-MNIST and the concept dataset) with Adam on cross-entropy. Deterministic in its data order and initialization for a
 * given seed.
 */
public final class Dl4jTrainer {

    /** Images, pixels 0–255 channels-first row-major one after another, and their labels. */
    public record Images(int count, int channels, int height, int width, byte[] pixels, int[] labels) {
    }

    public record Plan(int epochs, int batchSize, double learningRate, long seed) {
    }

    public record Trained(MultiLayerNetwork network, double testAccuracy, long trainMillis) {
    }

    private Dl4jTrainer() {
    }

    /**
     * A VGG-style network for 224×224 RGB input with random weights: three blocks of two 3×3 convolutions and a
     * max-pool (32, 64, 128 channels), a dense layer of 256 and 1000 softmax outputs. For timing only.
     */
    public static MultiLayerNetwork vggLike(long seed) {
        var builder = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same).list();
        int block = 0;
        for (int channels : new int[]{32, 64, 128}) {
            block++;
            builder.layer(new ConvolutionLayer.Builder(3, 3).name("conv" + block + "a").nOut(channels).activation(Activation.RELU).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).name("conv" + block + "b").nOut(channels).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool" + block).kernelSize(2, 2).stride(2, 2).build());
        }
        MultiLayerConfiguration conf = builder
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool4").kernelSize(4, 4).stride(4, 4).build())
                .layer(new DenseLayer.Builder().name("fc").nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(1000).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(224, 224, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    public static MultiLayerNetwork fashionCnn(int height, int width, int classes, long seed, double learningRate) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(learningRate))
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2").kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("dense").nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(height, width, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * The concept-dataset classifier: three 3×3 convolution + ReLU + max-pool blocks (16, 32, 32 channels) on 32×32
     * RGB, a dense ReLU layer of 64 and a softmax output.
     */
    public static MultiLayerNetwork conceptCnn(int classes, long seed, double learningRate) {
        var builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(learningRate))
                .convolutionMode(ConvolutionMode.Same)
                .list();
        int block = 0;
        for (int channels : new int[]{16, 32, 32}) {
            block++;
            builder.layer(new ConvolutionLayer.Builder(3, 3).name("conv" + block).nOut(channels).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool" + block).kernelSize(2, 2).stride(2, 2).build());
        }
        MultiLayerConfiguration conf = builder
                .layer(new DenseLayer.Builder().name("dense").nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The built-in networks ConvLens trains. */
    public enum Architecture { FASHION, CONCEPTS }

    /** Trains a freshly initialized network with Adam on cross-entropy, in a seeded order. */
    public static Trained train(Architecture architecture, Images train, Images test, int classes, Plan plan, Progress progress) {
        MultiLayerNetwork net = architecture == Architecture.FASHION
                ? fashionCnn(train.height(), train.width(), classes, plan.seed(), plan.learningRate())
                : conceptCnn(classes, plan.seed(), plan.learningRate());
        Random random = new Random(plan.seed());
        int[] order = new int[train.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        long started = System.currentTimeMillis();
        int batches = (train.count() + plan.batchSize() - 1) / plan.batchSize();
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            shuffle(order, random);
            for (int b = 0; b < batches; b++) {
                progress.checkCancelled();
                int from = b * plan.batchSize();
                int to = Math.min(train.count(), from + plan.batchSize());
                int[] indices = java.util.Arrays.copyOfRange(order, from, to);
                net.fit(features(train, indices), oneHot(train, indices, classes));
                if (b % 50 == 0) {
                    progress.update((epoch + (double) b / batches) / plan.epochs(),
                            String.format("epoch %d/%d, batch %d/%d, loss %.4f", epoch + 1, plan.epochs(), b, batches, net.score()));
                }
            }
        }
        long trainMillis = System.currentTimeMillis() - started;
        return new Trained(net, accuracy(net, test), trainMillis);
    }

    public static double accuracy(MultiLayerNetwork net, Images test) {
        int correct = 0;
        for (int from = 0; from < test.count(); from += 500) {
            int to = Math.min(test.count(), from + 500);
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) indices[i] = from + i;
            INDArray predicted = net.output(features(test, indices), false).argMax(1);
            for (int i = 0; i < indices.length; i++) if (predicted.getInt(i) == test.labels()[indices[i]]) correct++;
        }
        return (double) correct / test.count();
    }

    private static INDArray features(Images images, int[] indices) {
        int size = images.channels() * images.height() * images.width();
        float[] data = new float[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            for (int p = 0; p < size; p++) data[i * size + p] = (images.pixels()[indices[i] * size + p] & 0xff) / 255f;
        }
        return Nd4j.create(data, new long[]{indices.length, images.channels(), images.height(), images.width()}, 'c');
    }

    private static INDArray oneHot(Images images, int[] indices, int classes) {
        float[] data = new float[indices.length * classes];
        for (int i = 0; i < indices.length; i++) data[i * classes + images.labels()[indices[i]]] = 1;
        return Nd4j.create(data, new long[]{indices.length, classes}, 'c');
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
