package org.convlens.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.base.UserInputException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model file read from disk: a DL4J zip (MultiLayerNetwork or ComputationGraph) or a Keras 2.x HDF5
 * file (Sequential or functional). Nothing but the network's JSON configuration and its parameter
 * arrays is read: normalizers, updater state and any serialized Java object in an upload are ignored.
 */
public final class Dl4jModelFile {

    public enum Format { DL4J_ZIP, KERAS_H5 }

    /** Written into DL4J zips made by ConvLens so that they carry their preprocessing profile. */
    public static final String PROFILE_ENTRY = "convlens-profile.json";

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
    private static final Set<String> NETWORK_ENTRIES = Set.of("configuration.json", "coefficients.bin");
    private static final int[] CANDIDATE_SIZES = {28, 32, 64, 96, 128, 224, 227, 299};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Format format;
    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;
    private final InputSpec guessedInput;
    private final String embeddedProfile;

    private Dl4jModelFile(Format format, MultiLayerNetwork sequential, ComputationGraph graph, InputSpec guessedInput, String embeddedProfile) {
        this.format = format;
        this.sequential = sequential;
        this.graph = graph;
        this.guessedInput = guessedInput;
        this.embeddedProfile = embeddedProfile;
    }

    public static Dl4jModelFile read(Path file) {
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            head = Arrays.copyOf(head, n);
        } catch (IOException e) {
            throw new UserInputException("cannot read the model file: " + e.getMessage(), e);
        }
        if (startsWith(head, HDF5_SIGNATURE)) return readKeras(file);
        if (startsWith(head, ZIP_SIGNATURE)) return readZip(file);
        throw new UserInputException("not a model file: expected a Keras HDF5 file (.h5) or a DL4J model zip");
    }

    public Format format() {
        return format;
    }

    public boolean isGraph() {
        return graph != null;
    }

    public InputSpec guessedInput() {
        return guessedInput;
    }

    public Optional<String> embeddedProfile() {
        return Optional.ofNullable(embeddedProfile);
    }

    public Dl4jNetwork network(InputSpec input) {
        return graph != null ? Dl4jNetwork.of(graph, input) : Dl4jNetwork.of(sequential, input);
    }

    /** Writes a DL4J zip without updater state, with a profile entry when one is given. */
    public static void writeZip(MultiLayerNetwork net, Path file, String profileJson) throws IOException {
        Path plain = Files.createTempFile("convlens-model", ".zip");
        try {
            ModelSerializer.writeModel(net, plain.toFile(), false);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(plain));
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
                if (profileJson != null) {
                    out.putNextEntry(new ZipEntry(PROFILE_ENTRY));
                    out.write(profileJson.getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }

    private static Dl4jModelFile readZip(Path file) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (NETWORK_ENTRIES.contains(entry.getName()) || PROFILE_ENTRY.equals(entry.getName())) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UserInputException("the zip file is corrupt: " + e.getMessage(), e);
        }
        if (!entries.keySet().containsAll(NETWORK_ENTRIES)) {
            throw new UserInputException("not a DL4J model zip: it lacks configuration.json or coefficients.bin");
        }
        boolean isGraph;
        try {
            isGraph = JSON.readTree(entries.get("configuration.json")).has("vertices");
        } catch (IOException e) {
            throw new UserInputException("the model's configuration.json is not valid JSON: " + e.getMessage(), e);
        }
        Path sanitized = null;
        try {
            // Restore from a copy holding only the configuration and the parameters, so that no other
            // entry of an uploaded zip (normalizer, updater state) is ever deserialized.
            sanitized = Files.createTempFile("convlens-upload", ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(sanitized))) {
                for (String name : NETWORK_ENTRIES) {
                    out.putNextEntry(new ZipEntry(name));
                    out.write(entries.get(name));
                    out.closeEntry();
                }
            }
            String profile = entries.containsKey(PROFILE_ENTRY) ? new String(entries.get(PROFILE_ENTRY), StandardCharsets.UTF_8) : null;
            if (isGraph) {
                ComputationGraph graph = ModelSerializer.restoreComputationGraph(sanitized.toFile(), false);
                return new Dl4jModelFile(Format.DL4J_ZIP, null, graph, guessInput(graph), profile);
            }
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(sanitized.toFile(), false);
            return new Dl4jModelFile(Format.DL4J_ZIP, net, null, guessInput(net), profile);
        } catch (UserInputException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new UserInputException("cannot read the DL4J model: " + rootMessage(e), e);
        } finally {
            deleteQuietly(sanitized);
        }
    }

    private static Dl4jModelFile readKeras(Path file) {
        JsonNode config;
        try (Hdf5Archive archive = new Hdf5Archive(file.toString())) {
            if (!archive.hasAttribute("model_config")) {
                throw new UserInputException("the HDF5 file holds weights only (no model_config): save the whole model with model.save()");
            }
            config = JSON.readTree(archive.readAttributeAsJson("model_config"));
        } catch (UserInputException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new UserInputException("cannot read the HDF5 file: " + rootMessage(e), e);
        }
        String className = config.path("class_name").asText();
        InputSpec input = kerasInput(config);
        try {
            if ("Sequential".equals(className)) {
                MultiLayerNetwork net = KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
                return new Dl4jModelFile(Format.KERAS_H5, net, null, input, null);
            }
            ComputationGraph graph = KerasModelImport.importKerasModelAndWeights(file.toString(), false);
            return new Dl4jModelFile(Format.KERAS_H5, null, graph, input, null);
        } catch (Exception | LinkageError e) {
            throw new UnsupportedModelException("cannot import the Keras model: " + rootMessage(e), e);
        }
    }

    /** Keras 2.x keeps the input shape as {@code batch_input_shape = [null, H, W, C]} on the first or input layer. */
    private static InputSpec kerasInput(JsonNode config) {
        JsonNode layers = config.path("config").path("layers");
        JsonNode shape = null;
        for (JsonNode layer : layers) {
            JsonNode candidate = layer.path("config").path("batch_input_shape");
            if (candidate.isArray()) {
                shape = candidate;
                break;
            }
        }
        if (shape == null) throw new UnsupportedModelException("the Keras model does not state its input shape (batch_input_shape)");
        if (shape.size() != 4) {
            throw new UnsupportedModelException("ConvLens analyses image models: the input must be [height, width, channels], this one is " + shape);
        }
        return new InputSpec(shape.get(1).asInt(), shape.get(2).asInt(), shape.get(3).asInt(), InputSpec.Layout.NHWC);
    }

    private static InputSpec guessInput(ComputationGraph graph) {
        String input = graph.getConfiguration().getNetworkInputs().get(0);
        for (var entry : graph.getConfiguration().getVertexInputs().entrySet()) {
            if (entry.getValue().contains(input) && graph.getLayer(entry.getKey()) != null
                    && graph.getLayer(entry.getKey()).conf().getLayer() instanceof ConvolutionLayer conv) {
                return firstAcceptedSize(conv, shape -> graph.outputSingle(false, Nd4j.zeros(graph.params().dataType(), shape)));
            }
        }
        return null;
    }

    private static InputSpec guessInput(MultiLayerNetwork net) {
        if (net.getLayerWiseConfigurations().getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor flat) {
            return new InputSpec((int) flat.getInputHeight(), (int) flat.getInputWidth(), (int) flat.getNumChannels(), InputSpec.Layout.FLAT);
        }
        if (!(net.getLayer(0).conf().getLayer() instanceof ConvolutionLayer conv)) return null;
        return firstAcceptedSize(conv, shape -> net.output(Nd4j.zeros(net.params().dataType(), shape), false));
    }

    /** DL4J zips do not record the input size: take the first common square size the network accepts. */
    private static InputSpec firstAcceptedSize(ConvolutionLayer first, java.util.function.Consumer<long[]> forward) {
        InputSpec.Layout layout = first.getCnn2dDataFormat() == CNN2DFormat.NHWC ? InputSpec.Layout.NHWC : InputSpec.Layout.NCHW;
        int channels = (int) first.getNIn();
        if (channels != 1 && channels != 3) return null;
        for (int size : CANDIDATE_SIZES) {
            long[] shape = layout == InputSpec.Layout.NHWC ? new long[]{1, size, size, channels} : new long[]{1, channels, size, size};
            try {
                forward.accept(shape);
                return new InputSpec(size, size, channels, layout);
            } catch (RuntimeException wrongSize) {
                // try the next size
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 400 ? message.substring(0, 400) + "…" : message;
    }

    private static void deleteQuietly(Path path) {
        if (path == null) return;
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

}
