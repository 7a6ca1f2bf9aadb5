package org.convlens.engine;

import org.convlens.Fixtures;
import org.convlens.base.UserInputException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class Dl4jModelFileTest {

    @TempDir
    Path temp;

    @Test
    void kerasSequentialMatchesNumpyReference() {
        Dl4jModelFile file = Fixtures.read(Fixtures.SEQUENTIAL_GRAY);
        assertThat(file.format()).isEqualTo(Dl4jModelFile.Format.KERAS_H5);
        assertThat(file.isGraph()).isFalse();
        assertThat(file.guessedInput()).isEqualTo(new InputSpec(12, 12, 1, InputSpec.Layout.NHWC));
        assertMatchesReference(file.network(file.guessedInput()), Fixtures.reference(Fixtures.SEQUENTIAL_GRAY));
    }

    @Test
    void kerasFunctionalWithAddAndConcatenateMatchesNumpyReference() {
        Dl4jModelFile file = Fixtures.read(Fixtures.FUNCTIONAL_RGB);
        assertThat(file.isGraph()).isTrue();
        assertThat(file.guessedInput()).isEqualTo(new InputSpec(16, 16, 3, InputSpec.Layout.NHWC));
        Dl4jNetwork network = file.network(file.guessedInput());
        assertThat(network.layer("concat_1").outputShape()).containsExactly(8, 8, 8);
        assertMatchesReference(network, Fixtures.reference(Fixtures.FUNCTIONAL_RGB));
    }

    private static void assertMatchesReference(Dl4jNetwork network, Fixtures.Reference reference) {
        INDArray logits = network.logits(reference.inputsNchw());
        INDArray probabilities = network.applyFinalActivation(logits);
        double[][] expectedLogits = reference.logits();
        double[][] expectedProbabilities = reference.probabilities();
        for (int n = 0; n < expectedLogits.length; n++) {
            for (int k = 0; k < expectedLogits[n].length; k++) {
                assertThat(logits.getDouble(n, k)).as("logit %d,%d", n, k).isCloseTo(expectedLogits[n][k], within(1e-4));
                assertThat(probabilities.getDouble(n, k)).as("probability %d,%d", n, k).isCloseTo(expectedProbabilities[n][k], within(1e-5));
            }
        }
        INDArray activations = network.forward(reference.inputsNchw(), List.of(reference.firstConv())).tap(reference.firstConv());
        INDArray expected = reference.firstConvNchw();
        assertThat(activations.shape()).isEqualTo(expected.shape());
        assertThat(activations.castTo(expected.dataType()).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-4);
    }

    @Test
    void dl4jSequentialZipKeepsItsProfileAndGivesPreSoftmaxLogits() throws IOException {
        MultiLayerNetwork net = Dl4jTrainer.fashionCnn(28, 28, 10, 7, 1e-3);
        Path zip = temp.resolve("cnn.zip");
        Dl4jModelFile.writeZip(net, zip, "{\"height\":28}");
        Dl4jModelFile file = Dl4jModelFile.read(zip);
        assertThat(file.embeddedProfile()).contains("{\"height\":28}");
        assertThat(file.guessedInput()).isEqualTo(new InputSpec(28, 28, 1, InputSpec.Layout.NCHW));

        INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28);
        Dl4jNetwork network = file.network(file.guessedInput());
        INDArray expectedProbabilities = net.output(input, false);
        INDArray probabilities = network.applyFinalActivation(network.logits(input));
        assertThat(probabilities.sub(expectedProbabilities).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(network.logits(input).sumNumber().doubleValue()).as("logits are not probabilities").isNotCloseTo(3.0, within(1e-3));
        assertThat(net.getLayer(5).conf().getLayer()).extracting("activationFn").hasToString("softmax");
    }

    @Test
    void dl4jComputationGraphZipLoadsAndRuns() throws IOException {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("image")
                .addLayer("conv", new ConvolutionLayer.Builder(5, 5).nOut(3).activation(Activation.RELU).build(), "image")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(28, 28, 1))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        Path zip = temp.resolve("graph.zip");
        ModelSerializer.writeModel(graph, zip.toFile(), false);

        Dl4jModelFile file = Dl4jModelFile.read(zip);
        assertThat(file.isGraph()).isTrue();
        assertThat(file.guessedInput()).isEqualTo(new InputSpec(28, 28, 1, InputSpec.Layout.NCHW));
        Dl4jNetwork network = file.network(file.guessedInput());
        INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 1, 28, 28);
        INDArray expected = graph.outputSingle(input);
        assertThat(network.applyFinalActivation(network.logits(input)).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(network.layers()).extracting(LayerInfo::name).containsExactly("conv", "pool", "out");
        assertThat(network.layer("pool").outputShape()).containsExactly(3, 12, 12);
    }

    @Test
    void refusesFilesThatAreNotModels() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.h5"), "hello");
        assertThatThrownBy(() -> Dl4jModelFile.read(text)).isInstanceOf(UserInputException.class).hasMessageContaining("not a model file");
        assertThatThrownBy(() -> Fixtures.read("corrupt-model.h5")).isInstanceOf(UserInputException.class).hasMessageContaining("cannot read the HDF5 file");

        Path empty = temp.resolve("empty.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("no model here".getBytes());
        }
        assertThatThrownBy(() -> Dl4jModelFile.read(empty)).isInstanceOf(UserInputException.class).hasMessageContaining("configuration.json");

        Path truncated = temp.resolve("truncated.zip");
        Path good = temp.resolve("good.zip");
        Dl4jModelFile.writeZip(Dl4jTrainer.fashionCnn(28, 28, 10, 1, 1e-3), good, null);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Dl4jModelFile.read(truncated)).isInstanceOf(UserInputException.class);
    }

    @Test
    void neverReadsOtherZipEntriesSuchAsSerializedNormalizers() throws IOException {
        Path good = temp.resolve("good.zip");
        Dl4jModelFile.writeZip(Dl4jTrainer.fashionCnn(28, 28, 10, 1, 1e-3), good, null);
        Path withGadget = temp.resolve("with-normalizer.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(good));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(withGadget))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
            }
            // A Java serialization stream header followed by junk: reading it as an object would throw.
            out.putNextEntry(new ZipEntry("normalizer.bin"));
            out.write(new byte[]{(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3});
            out.putNextEntry(new ZipEntry("updaterState.bin"));
            out.write(new byte[]{9, 9, 9});
        }
        assertThat(Dl4jModelFile.read(withGadget).guessedInput()).isEqualTo(new InputSpec(28, 28, 1, InputSpec.Layout.NCHW));
    }
}
