package org.convlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.base.Npy;
import org.convlens.base.Tensor;
import org.convlens.dataset.BuiltInData;
import org.convlens.model.ImagePreprocessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every REST endpoint on the packaged jar, with its error cases; uploads are capped at 2 MB here to reach 413. */
class ApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningApp app;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        app = RunningApp.start("--spring.servlet.multipart.max-file-size=2MB", "--spring.servlet.multipart.max-request-size=3MB");
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    private record Response(int status, byte[] body, java.net.http.HttpHeaders headers) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body(), response.headers());
    }

    private static Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl + path)).GET());
    }

    private static Response delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl + path)).DELETE());
    }

    private static Response postJson(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Response postFile(String path, String fileName, byte[] content) throws Exception {
        String boundary = UUID.randomUUID().toString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(app.baseUrl + path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Path.of(ApiIT.class.getResource("/fixtures/" + name).toURI()));
    }

    private static String builtInModel() throws Exception {
        for (JsonNode model : get("/api/models").json()) if (model.path("name").asText().startsWith("Fashion-MNIST")) return model.path("id").asText();
        throw new AssertionError("no built-in model");
    }

    /** Starts an experiment and polls it to the end. */
    private static JsonNode run(String json) throws Exception {
        Response started = postJson("/api/experiments", json);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String id = started.json().path("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/experiments/" + id));
        for (int i = 0; i < 240; i++) {
            JsonNode state = get("/api/experiments/" + id).json();
            if (!state.path("status").asText().equals("RUNNING")) return state;
            assertThat(state.path("progress").isNull() || state.path("progress").asDouble() <= 1).isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("experiment " + id + " did not finish");
    }

    private static String trouserPng() {
        int index = BuiltInData.fashionMnistTest().nthOfClass(1, 0);
        return Base64.getEncoder().encodeToString(ImagePreprocessor.toPng(BuiltInData.fashionImage(BuiltInData.fashionMnistTest(), index)));
    }

    @Test
    void openApiDescribesEveryEndpoint() throws Exception {
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().path("paths");
        for (String path : new String[]{"/api/models", "/api/models/{id}", "/api/experiments", "/api/experiments/{id}", "/api/experiments/{id}/result.npy",
                "/api/experiments/{id}/share", "/api/shares/{token}", "/api/experiments/{id}/export.zip", "/api/experiments/import"}) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }

    @Test
    void modelsAreListedInspectedUploadedAndRefusedWithTheRightStatus() throws Exception {
        Response list = get("/api/models");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSizeGreaterThanOrEqualTo(2);
        JsonNode detail = get("/api/models/" + builtInModel()).json();
        assertThat(detail.path("layers").findValuesAsText("name")).contains("conv1", "conv2", "output");

        Response uploaded = postFile("/api/models", "keras-sequential-gray.h5", fixture("keras-sequential-gray.h5"));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        assertThat(uploaded.json().path("profile").path("height").asInt()).isEqualTo(12);

        assertThat(get("/api/models/nope").status()).isEqualTo(404);
        assertThat(get("/api/models/nope").json().path("error").asText()).contains("no model");
        Response corrupt = postFile("/api/models", "corrupt-model.h5", fixture("corrupt-model.h5"));
        assertThat(corrupt.status()).isEqualTo(400);
        assertThat(corrupt.json().path("error").asText()).contains("HDF5");
        Response unsupported = postFile("/api/models", "keras-dense-vector.h5", fixture("keras-dense-vector.h5"));
        assertThat(unsupported.status()).as(unsupported.text()).isEqualTo(422);
        assertThat(unsupported.json().path("error").asText()).contains("image models");
        Response tooLarge = postFile("/api/models", "huge.h5", new byte[3 * 1024 * 1024]);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().path("status").asInt()).isEqualTo(413);
    }

    @Test
    void anExperimentRunsInTheBackgroundAndItsResultIsTheCliArray() throws Exception {
        String model = builtInModel();
        JsonNode done = run("{\"modelId\":\"" + model + "\",\"method\":\"occlusion\",\"parameters\":{\"window\":7,\"stride\":7},"
                + "\"image\":{\"png\":\"" + trouserPng() + "\",\"name\":\"trouser.png\"}}");
        assertThat(done.path("status").asText()).isEqualTo("DONE");
        assertThat(done.path("parameters").path("window").asInt()).isEqualTo(7);
        assertThat(done.path("durationMs").asLong()).isPositive();
        assertThat(done.path("images").get(0).path("name").asText()).isEqualTo("trouser.png");
        String id = done.path("id").asText();
        Response npy = get("/api/experiments/" + id + "/result.npy");
        assertThat(npy.status()).isEqualTo(200);
        Tensor result = Npy.read(npy.body());
        assertThat(result.shape()).containsExactly(1, 1, 28, 28);
        assertThat(get("/api/experiments/" + id + "/result.npy?array=score-drop").status()).isEqualTo(200);
        assertThat(get("/api/experiments/" + id + "/result.npy?array=nothing").status()).isEqualTo(404);
        Response figure = get("/api/experiments/" + id + "/figure.png");
        assertThat(figure.status()).isEqualTo(200);
        assertThat(ImagePreprocessor.decode(figure.body()).getWidth()).isGreaterThanOrEqualTo(224);

        JsonNode fromDataset = run("{\"modelId\":\"" + model + "\",\"method\":\"saliency\",\"image\":{\"dataset\":\"builtin\",\"index\":3}}");
        assertThat(fromDataset.path("status").asText()).isEqualTo("DONE");
        JsonNode noImage = run("{\"modelId\":\"" + model + "\",\"method\":\"class-model\",\"parameters\":{\"target\":1,\"steps\":5}}");
        assertThat(noImage.path("status").asText()).isEqualTo("DONE");

        assertThat(postJson("/api/experiments", "{\"modelId\":\"" + model + "\",\"method\":\"occlusion\",\"parameters\":{\"window\":-3},"
                + "\"image\":{\"dataset\":\"builtin\",\"index\":0}}").status()).isEqualTo(400);
        assertThat(postJson("/api/experiments", "{\"modelId\":\"" + model + "\",\"method\":\"occlusion\"}").json().path("error").asText())
                .contains("choose at least one image");
        assertThat(postJson("/api/experiments", "{\"modelId\":\"" + model + "\",\"method\":\"nonsense\",\"image\":{\"dataset\":\"builtin\"}}").status()).isEqualTo(400);
        assertThat(postJson("/api/experiments", "{\"modelId\":\"unknown\",\"method\":\"occlusion\"}").status()).isEqualTo(404);
        assertThat(postJson("/api/experiments", "{not json").status()).isEqualTo(400);
        assertThat(postJson("/api/experiments", "{\"modelId\":\"" + model + "\",\"method\":\"saliency\",\"image\":{\"png\":\"%%%\"}}").status()).isEqualTo(400);
        assertThat(postJson("/api/experiments", "{\"modelId\":\"" + model + "\",\"method\":\"saliency\",\"image\":{\"dataset\":\"builtin\",\"index\":99999}}")
                .json().path("error").asText()).contains("outside");
        assertThat(get("/api/experiments/unknown").status()).isEqualTo(404);
        assertThat(get("/api/experiments/unknown/result.npy").status()).isEqualTo(404);
    }

    @Test
    void sharedLinksOpenWithoutSessionUntilRevoked() throws Exception {
        JsonNode done = run("{\"modelId\":\"" + builtInModel() + "\",\"method\":\"gradcam\",\"image\":{\"dataset\":\"builtin\",\"index\":5}}");
        String id = done.path("id").asText();
        Response shared = send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/api/experiments/" + id + "/share")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(shared.status()).isEqualTo(201);
        String token = shared.json().path("token").asText();
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(shared.json().path("url").asText()).isEqualTo(app.baseUrl + "/s/" + token);
        assertThat(get("/s/" + token).status()).isEqualTo(200);
        assertThat(delete("/api/shares/" + token).status()).isEqualTo(204);
        Response revoked = get("/s/" + token);
        assertThat(revoked.status()).isEqualTo(404);
        assertThat(revoked.text()).doesNotContain(id);
        assertThat(get("/s/" + "A".repeat(43)).status()).isEqualTo(404);
        assertThat(delete("/api/shares/" + token).status()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/api/experiments/unknown/share")).POST(HttpRequest.BodyPublishers.noBody())).status())
                .isEqualTo(404);
    }

    @Test
    void exportImportRenameTagFilterAndDelete() throws Exception {
        JsonNode done = run("{\"modelId\":\"" + builtInModel() + "\",\"method\":\"integrated-gradients\",\"parameters\":{\"steps\":8},"
                + "\"image\":{\"png\":\"" + trouserPng() + "\"}}");
        String id = done.path("id").asText();
        Response patched = send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/api/experiments/" + id)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"IG on a trouser\",\"tags\":[\"Lesson-1\",\"ig\"],\"notes\":\"baseline black\"}")));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("tags").findValuesAsText("")).isEmpty();
        assertThat(patched.json().path("tags").toString()).contains("lesson-1", "ig");
        assertThat(get("/api/experiments?tag=lesson-1").json().path("total").asInt()).isEqualTo(1);
        assertThat(get("/api/experiments?q=trouser").json().path("experiments").get(0).path("id").asText()).isEqualTo(id);
        assertThat(get("/api/experiments?status=bogus").status()).isEqualTo(400);

        Response export = get("/api/experiments/" + id + "/export.zip");
        assertThat(export.status()).isEqualTo(200);
        java.util.Set<String> entries = new java.util.HashSet<>();
        JsonNode descriptor = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(export.body()))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.add(entry.getName());
                if (entry.getName().equals("experiment.json")) descriptor = JSON.readTree(zip.readAllBytes());
            }
        }
        assertThat(entries).contains("experiment.json", "README.md", "arrays/attribution.npy", "figures/attribution-0.png");
        assertThat(entries.stream().filter(e -> e.startsWith("images/"))).hasSize(1);
        assertThat(descriptor.path("model").path("sha256").asText()).isEqualTo(builtInModel());
        assertThat(descriptor.path("parameters").path("steps").asInt()).isEqualTo(8);
        assertThat(descriptor.path("images").get(0).path("sha256").asText()).hasSize(64);

        assertThat(delete("/api/experiments/" + id).status()).isEqualTo(204);
        assertThat(get("/api/experiments/" + id).status()).isEqualTo(404);
        assertThat(delete("/api/experiments/" + id).status()).isEqualTo(404);
        Response imported = postFile("/api/experiments/import", "export.zip", export.body());
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        JsonNode restored = get("/api/experiments/" + imported.json().path("id").asText()).json();
        assertThat(restored.path("id").asText()).isEqualTo(id);
        assertThat(restored.path("title").asText()).isEqualTo("IG on a trouser");
        assertThat(restored.path("status").asText()).isEqualTo("DONE");
        assertThat(Npy.read(get("/api/experiments/" + id + "/result.npy").body()).shape()).containsExactly(1, 1, 28, 28);
        Response again = postFile("/api/experiments/import", "export.zip", export.body());
        assertThat(again.json().path("id").asText()).as("an id in use gets a new one").isNotEqualTo(id);
        assertThat(postFile("/api/experiments/import", "junk.zip", "not a zip".getBytes()).status()).isEqualTo(400);
    }
}
