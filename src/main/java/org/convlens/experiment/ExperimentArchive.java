package org.convlens.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.convlens.base.Hashes;
import org.convlens.base.Npy;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An experiment as a ZIP: {@code experiment.json} (every parameter, the model's and images' SHA-256, status, timings,
 * title, tags, notes, the stored summary), {@code arrays/*.npy}, the input {@code images/*.png}, rendered
 * {@code figures/*.png} and a short README. Importing such a ZIP into another instance recreates the entry.
 */
public class ExperimentArchive {

    public static final String FORMAT = "convlens-experiment";
    public static final long MAX_IMPORT_BYTES = 512L * 1024 * 1024;
    private static final int FIGURES_PER_ARRAY = 8;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final ExperimentStore store;

    public ExperimentArchive(ExperimentStore store) {
        this.store = store;
    }

    public byte[] export(String id) {
        Experiment experiment = store.find(id).orElseThrow(() -> new org.convlens.base.NotFoundException("no experiment " + id));
        Map<String, Tensor> arrays = store.arrays(id);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ObjectNode json = JSON.createObjectNode();
            json.put("format", FORMAT).put("version", 1).put("id", experiment.id()).put("title", experiment.title()).put("notes", experiment.notes());
            json.putPOJO("tags", experiment.tags());
            json.put("method", experiment.method()).set("parameters", JSON.readTree(experiment.paramsJson()));
            json.put("status", experiment.status().name()).put("error", experiment.error()).put("source", experiment.source().name())
                    .put("owner", experiment.owner()).put("createdAt", experiment.createdAt().toString())
                    .put("finishedAt", experiment.finishedAt() == null ? null : experiment.finishedAt().toString());
            if (experiment.durationMs() != null) json.put("durationMs", experiment.durationMs());
            json.putObject("model").put("sha256", experiment.modelId()).put("name", experiment.modelName());
            ArrayNode images = json.putArray("images");
            for (Experiment.Input input : experiment.inputs()) {
                String file = "images/" + input.position() + "-" + safe(input.name()) + (input.name().toLowerCase().endsWith(".png") ? "" : ".png");
                images.addObject().put("position", input.position()).put("name", input.name()).put("sha256", input.imageId())
                        .put("notes", input.notes()).put("file", file);
                put(zip, file, store.imagePng(input.imageId()).orElseThrow());
            }
            ArrayNode arrayList = json.putArray("arrays");
            List<String> figures = new ArrayList<>();
            for (Map.Entry<String, Tensor> array : arrays.entrySet()) {
                String file = "arrays/" + safe(array.getKey()) + ".npy";
                ArrayNode shape = arrayList.addObject().put("name", array.getKey()).put("file", file).putArray("shape");
                for (int d : array.getValue().shape()) shape.add(d);
                put(zip, file, Npy.bytes(array.getValue()));
                int count = array.getValue().rank() == 4 ? Math.min(FIGURES_PER_ARRAY, array.getValue().dim(0)) : 0;
                for (int i = 0; i < count; i++) {
                    String figure = "figures/" + safe(array.getKey()) + "-" + i + ".png";
                    var png = Figures.png(array.getKey(), array.getValue(), i);
                    if (png.isPresent()) {
                        put(zip, figure, png.get());
                        figures.add(figure);
                    }
                }
            }
            json.set("summary", experiment.summaryJson() == null ? null : JSON.readTree(experiment.summaryJson()));
            put(zip, "experiment.json", JSON.writeValueAsBytes(json));
            put(zip, "README.md", readme(experiment, figures.size()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Recreates an exported experiment; a ZIP that is not one, or whose files do not match its JSON, is refused whole. */
    public String importZip(byte[] zip) {
        if (zip.length > MAX_IMPORT_BYTES) throw new org.convlens.base.TooLargeException("the archive is larger than " + MAX_IMPORT_BYTES / (1024 * 1024) + " MB");
        Map<String, byte[]> files = new HashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_IMPORT_BYTES + 1));
                total += content.length;
                if (total > MAX_IMPORT_BYTES) throw new UserInputException("the archive unpacks to more than " + MAX_IMPORT_BYTES / (1024 * 1024) + " MB");
                files.put(entry.getName(), content);
            }
        } catch (IOException e) {
            throw new UserInputException("not a readable ZIP: " + e.getMessage(), e);
        }
        byte[] descriptor = files.get("experiment.json");
        if (descriptor == null) throw new UserInputException("not a ConvLens export: experiment.json is missing");
        try {
            JsonNode json = JSON.readTree(descriptor);
            if (!FORMAT.equals(json.path("format").asText())) throw new UserInputException("not a ConvLens export: format is '" + json.path("format").asText() + "'");
            Map<String, Tensor> arrays = new LinkedHashMap<>();
            for (JsonNode array : json.path("arrays")) {
                byte[] npy = required(files, array.path("file").asText());
                Tensor tensor = Npy.read(npy);
                int[] shape = JSON.convertValue(array.path("shape"), int[].class);
                if (!java.util.Arrays.equals(shape, tensor.shape())) throw new UserInputException(array.path("file").asText() + " does not have the shape experiment.json gives");
                arrays.put(array.path("name").asText(), tensor);
            }
            List<NewImage> images = new ArrayList<>();
            for (JsonNode image : json.path("images")) {
                byte[] png = required(files, image.path("file").asText());
                if (!Hashes.sha256(png).equals(image.path("sha256").asText())) throw new UserInputException(image.path("file").asText() + " does not match its SHA-256");
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
                if (decoded == null) throw new UserInputException(image.path("file").asText() + " is not an image");
                images.add(new NewImage(image.path("name").asText(), png, decoded.getWidth(), decoded.getHeight(),
                        decoded.getColorModel().getNumColorComponents() == 1 ? 1 : 3, text(image, "notes")));
            }
            Experiment.Status status = Experiment.Status.valueOf(json.path("status").asText("DONE"));
            if (status == Experiment.Status.RUNNING) throw new UserInputException("a running experiment cannot be imported");
            List<String> tags = new ArrayList<>();
            json.path("tags").forEach(tag -> tags.add(tag.asText()));
            Experiment experiment = new Experiment(json.path("id").asText(), json.path("model").path("sha256").asText(), json.path("model").path("name").asText(),
                    json.path("method").asText(), COMPACT.writeValueAsString(json.path("parameters")), status, text(json, "error"),
                    json.path("summary").isMissingNode() || json.path("summary").isNull() ? null : COMPACT.writeValueAsString(json.path("summary")),
                    Experiment.Source.valueOf(json.path("source").asText("API")), Instant.parse(json.path("createdAt").asText()),
                    json.path("finishedAt").isTextual() ? Instant.parse(json.path("finishedAt").asText()) : null,
                    json.path("durationMs").isNumber() ? json.path("durationMs").asLong() : null, text(json, "title"), text(json, "notes"),
                    text(json, "owner"), null, tags, List.of());
            if (experiment.method().isBlank() || experiment.modelId().isBlank()) throw new UserInputException("experiment.json names no method or model");
            return store.restore(experiment, images, arrays);
        } catch (IOException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new UserInputException("experiment.json cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] required(Map<String, byte[]> files, String name) {
        byte[] content = files.get(name);
        if (content == null) throw new UserInputException("the archive lacks " + name + ", which experiment.json lists");
        return content;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).asText() : null;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String readme(Experiment experiment, int figures) {
        return """
                # ConvLens experiment %s

                %s: %s on model %s (SHA-256 %s), %s, started %s.

                - `experiment.json`: every parameter, the model and image hashes, status, timings, title, tags, notes and the
                  summary ConvLens stored (facts and per-image values).
                - `arrays/*.npy`: the result arrays, float32, channels-first `[N, C, H, W]` like the command line writes them;
                  `numpy.load("arrays/NAME.npy")` reads one.
                - `images/*.png`: the input images as given.
                - `figures/*.png`: %d rendered figures (maps as heatmaps, pictures as they are).

                Import the ZIP into another ConvLens (History → Import, or `POST /api/experiments/import`) to recreate the entry.
                """.formatted(experiment.id(), experiment.displayTitle(), experiment.method(), experiment.modelName(), experiment.modelId(),
                experiment.status(), experiment.createdAt(), figures);
    }
}
