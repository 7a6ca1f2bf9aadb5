package org.convlens.cli;

import org.convlens.analysis.AnalysisResult;
import org.convlens.analysis.Occlusion;
import org.convlens.analysis.Probe;
import org.convlens.analysis.TechniqueRegistry;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.dataset.BuiltInData;
import org.convlens.dataset.GrayImageSet;
import org.convlens.engine.Dl4jArrays;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.Dl4jTrainer;
import org.convlens.engine.InputSpec;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelProfile;
import org.convlens.model.ModelRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code bench}: images per second for every technique and batch size, on the built-in model and on a
 * 224×224 RGB VGG-like network with random weights, and occlusion batched against one forward pass per
 * window. For choosing batch sizes; nothing here is a test.
 */
final class BenchCommand {

    private BenchCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("images", "big-images", "batches", "methods"));
        int images = args.intValue("images", 16);
        int bigImages = args.intValue("big-images", 2);
        int[] batches = Arrays.stream((args.has("batches") ? args.get("batches") : "1,8,32").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        TechniqueRegistry techniques = TechniqueRegistry.standard();
        List<String> methods = args.has("methods") ? List.of(args.get("methods").split(","))
                : techniques.all().stream().filter(t -> t.usesImages() && !t.id().equals(org.convlens.analysis.MinimalImage.ID)).map(t -> t.id()).toList();

        LoadedModel fashion = builtIn();
        LoadedModel vgg = new LoadedModel("vgg-like", "VGG-like 224×224×3 (random weights)",
                Dl4jNetwork.of(Dl4jTrainer.vggLike(1), new InputSpec(224, 224, 3, InputSpec.Layout.NCHW)),
                ModelProfile.defaults(new InputSpec(224, 224, 3, InputSpec.Layout.NCHW), 1000));
        out.printf("threads: OMP_NUM_THREADS=%s, %d cores%n", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), Runtime.getRuntime().availableProcessors());
        out.printf("%-22s %-38s %6s %8s %10s%n", "method", "model", "batch", "images", "images/s");
        for (LoadedModel model : List.of(fashion, vgg)) {
            boolean big = model == vgg;
            Tensor inputs = big ? noise(bigImages, 3, 224, 224) : fashionImages(images);
            model.network().logits(Dl4jArrays.toArray(inputs));   // warm up the native code
            for (String method : methods) {
                // One untimed run per method: the first backward pass builds the network copy it needs.
                techniques.run(method, new Probe(model, Dl4jArrays.toArray(firstImage(inputs))), techniques.parameters(method, parameters(method, 1, big)), Progress.NONE);
                for (int batch : batches) {
                    Map<String, Object> params = parameters(method, batch, big);
                    Record record = techniques.parameters(method, params);
                    long start = System.nanoTime();
                    techniques.run(method, new Probe(model, Dl4jArrays.toArray(inputs)), record, Progress.NONE);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out.printf("%-22s %-38s %6d %8d %10.2f%n", method, model.name(), batch, inputs.dim(0), inputs.dim(0) / seconds);
                    if (!params.containsKey("batch")) break;  // the method has no batch size to vary
                }
            }
        }
        occlusionAgainstNaiveLoop(fashion, out);
        long scanStart = System.nanoTime();
        org.convlens.analysis.TopKUnits.Result scan = org.convlens.analysis.TopKUnits.scan(fashion, org.convlens.dataset.ImageDataset.fashionMnistTest(0),
                "conv2", 9, false, 256, Progress.NONE);
        out.printf("top-9 scan of the 10,000 Fashion-MNIST test images over all %d channels of conv2: %.1f s%n", scan.units().size(),
                (System.nanoTime() - scanStart) / 1e9);
        liveOccluder(fashion, out);
        historyPaging(out);
    }

    /** One update of the classroom's live occluder: a forward pass with a gray square (limit 150 ms). */
    private static void liveOccluder(LoadedModel model, PrintStream out) {
        float[] image = Arrays.copyOf(fashionImages(1).data(), 28 * 28);
        for (int i = 0; i < 20; i++) org.convlens.analysis.LiveOcclusion.probabilities(model, image, i % 20, i % 20, 8);
        int updates = 500;
        long start = System.nanoTime();
        for (int i = 0; i < updates; i++) org.convlens.analysis.LiveOcclusion.probabilities(model, image, i % 24 - 4, (i * 7) % 24 - 4, 8);
        double ms = (System.nanoTime() - start) / 1e6 / updates;
        out.printf("live occluder on the built-in model: %.2f ms per update on the server (limit 150 ms, %.0f× under)%n", ms, 150 / ms);
    }

    /** History pages with 10,000 experiments in H2: first page, last page, and a filtered count. */
    private static void historyPaging(PrintStream out) throws IOException {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("convlens-bench");
        try {
            javax.sql.DataSource dataSource = org.convlens.base.DataDirectory.of(directory.toString()).openDatabase();
            List<Object[]> rows = new java.util.ArrayList<>();
            java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 10_000; i++) {
                rows.add(new Object[]{String.format("b%011d", i), "hash-" + (i % 3), "model " + (i % 3), i % 2 == 0 ? "saliency" : "occlusion", "{}", "DONE",
                        "API", java.sql.Timestamp.from(start.plusSeconds(60L * i))});
            }
            new org.springframework.jdbc.core.JdbcTemplate(dataSource).batchUpdate(
                    "insert into experiment (id, model_id, model_name, method, params, status, source, created_at) values (?,?,?,?,?,?,?,?)", rows);
            org.convlens.experiment.ExperimentStore store = new org.convlens.experiment.ExperimentStore(dataSource);
            var filter = new org.convlens.experiment.ExperimentStore.Filter("model 1", null, "occlusion", null, null, null, null, null);
            store.search(filter, 50, 0);
            double first = millis(() -> store.search(org.convlens.experiment.ExperimentStore.Filter.ALL, 50, 0));
            double last = millis(() -> store.search(org.convlens.experiment.ExperimentStore.Filter.ALL, 50, 9_950));
            double filtered = millis(() -> {
                store.count(filter);
                store.search(filter, 50, 1_000);
            });
            out.printf("history with 10,000 experiments: first page %.1f ms, last page %.1f ms, filtered count + page %.1f ms%n", first, last, filtered);
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static double millis(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Options that keep each run short: fewer IG steps and SmoothGrad samples on the big network. */
    private static Map<String, Object> parameters(String method, int batch, boolean big) {
        return switch (method) {
            case "occlusion" -> big ? Map.of("window", 56, "stride", 28, "batch", batch) : Map.of("window", 4, "stride", 2, "batch", batch);
            case "integrated-gradients" -> Map.of("steps", big ? 8 : 50, "batch", batch);
            case "smoothgrad" -> Map.of("samples", big ? 4 : 10);
            case "activations" -> Map.of();
            default -> Map.of("batch", batch);
        };
    }

    /** The same occlusion, windows evaluated one per forward pass against the default batch of 64. */
    private static void occlusionAgainstNaiveLoop(LoadedModel model, PrintStream out) {
        Probe probe = new Probe(model, Dl4jArrays.toArray(fashionImages(4)));
        Occlusion occlusion = new Occlusion();
        long naiveStart = System.nanoTime();
        AnalysisResult naive = occlusion.run(probe, new Occlusion.Params(4, 1, 0.0, null, null, null, 1), Progress.NONE);
        double naiveSeconds = (System.nanoTime() - naiveStart) / 1e9;
        long batchedStart = System.nanoTime();
        AnalysisResult batched = occlusion.run(probe, new Occlusion.Params(4, 1, 0.0, null, null, null, 64), Progress.NONE);
        double batchedSeconds = (System.nanoTime() - batchedStart) / 1e9;
        float worst = 0;
        for (int i = 0; i < naive.main().data().length; i++) worst = Math.max(worst, Math.abs(naive.main().data()[i] - batched.main().data()[i]));
        out.printf("occlusion 4×4 window, stride 1 (625 windows) on 4 Fashion-MNIST images: one pass per window %.2f s, batches of 64 %.2f s: %.1f× faster (max difference %.2g)%n",
                naiveSeconds, batchedSeconds, naiveSeconds / batchedSeconds, worst);
    }

    private static LoadedModel builtIn() throws IOException {
        Path file = Files.createTempFile("convlens-bench", ".zip");
        try (InputStream in = BenchCommand.class.getResourceAsStream(ModelRegistry.BUILT_IN_RESOURCE)) {
            Files.write(file, in.readAllBytes());
            LoadedModel loaded = ModelRegistry.loadFile(file);
            return new LoadedModel(loaded.id(), ModelRegistry.BUILT_IN_NAME, loaded.network(), loaded.profile());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Tensor fashionImages(int count) {
        GrayImageSet test = BuiltInData.fashionMnistTest();
        int plane = test.height() * test.width();
        float[] data = new float[count * plane];
        for (int i = 0; i < data.length; i++) data[i] = (test.pixels()[i] & 0xff) / 255f;
        return new Tensor(new int[]{count, 1, test.height(), test.width()}, data);
    }

    private static Tensor firstImage(Tensor images) {
        int[] shape = images.shape().clone();
        shape[0] = 1;
        return new Tensor(shape, Arrays.copyOf(images.data(), images.data().length / images.dim(0)));
    }

    private static Tensor noise(int count, int channels, int height, int width) {
        Random random = new Random(3);
        float[] data = new float[count * channels * height * width];
        for (int i = 0; i < data.length; i++) data[i] = random.nextFloat();
        return new Tensor(new int[]{count, channels, height, width}, data);
    }
}
