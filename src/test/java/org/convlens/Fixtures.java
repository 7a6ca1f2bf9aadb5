package org.convlens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.engine.Dl4jModelFile;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Committed test models and their reference numbers, made by
 * {@code src/test/resources/fixtures/make_keras_fixtures.py} with h5py and NumPy (independent of DL4J).
 */
public final class Fixtures {

    public static final String SEQUENTIAL_GRAY = "keras-sequential-gray.h5";
    public static final String FUNCTIONAL_RGB = "keras-functional-rgb.h5";

    private Fixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    public static LoadedModel load(String name) {
        return ModelRegistry.loadFile(path(name));
    }

    private static LoadedModel builtIn;

    /** The built-in model, read once per test JVM from the jar's resources. */
    public static synchronized LoadedModel loadBuiltIn() {
        if (builtIn == null) {
            try {
                Path directory = Files.createTempDirectory("convlens-builtin");
                builtIn = ModelRegistry.loadFile(builtInModel(directory));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builtIn;
    }

    /** The built-in model as shipped in the jar's resources. */
    public static Path builtInModel(Path directory) {
        try (InputStream in = Fixtures.class.getResourceAsStream(ModelRegistry.BUILT_IN_RESOURCE)) {
            Path file = directory.resolve("fashion-cnn.zip");
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Reference reference(String file) {
        try {
            for (JsonNode node : new ObjectMapper().readTree(Files.readString(path("keras-reference.json")))) {
                if (node.get("file").asText().equals(file)) return new Reference(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no reference for " + file);
    }

    /** Reference numbers for one fixture model. */
    public record Reference(JsonNode node) {

        /** The reference inputs, channels-first {@code [N, C, H, W]}. */
        public INDArray inputsNchw() {
            int[] shape = ints(node.get("inputShape"));
            double[] flat = doubles(node.get("inputsNHWC"));
            return Nd4j.create(flat, new long[]{shape[0], shape[1], shape[2], shape[3]}, 'c').permute(0, 3, 1, 2).dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        }

        public double[][] logits() {
            return matrix(node.get("logits"));
        }

        public double[][] probabilities() {
            return matrix(node.get("probabilities"));
        }

        public String firstConv() {
            return node.get("firstConv").asText();
        }

        public INDArray firstConvNchw() {
            int[] shape = ints(node.get("firstConvShapeNCHW"));
            return Nd4j.create(doubles(node.get("firstConvNCHW")), new long[]{shape[0], shape[1], shape[2], shape[3]}, 'c');
        }

        private static double[][] matrix(JsonNode rows) {
            double[][] result = new double[rows.size()][];
            for (int i = 0; i < rows.size(); i++) result[i] = doubles(rows.get(i));
            return result;
        }

        private static int[] ints(JsonNode array) {
            int[] result = new int[array.size()];
            for (int i = 0; i < result.length; i++) result[i] = array.get(i).asInt();
            return result;
        }

        private static double[] doubles(JsonNode nested) {
            java.util.List<Double> values = new java.util.ArrayList<>();
            collect(nested, values);
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private static void collect(JsonNode node, java.util.List<Double> into) {
            if (node.isArray()) node.forEach(child -> collect(child, into));
            else into.add(node.asDouble());
        }
    }

    public static Dl4jModelFile read(String name) {
        return Dl4jModelFile.read(path(name));
    }
}
