package org.convlens.cli;

import org.convlens.base.Npy;
import org.convlens.analysis.AnalysisService;
import org.convlens.analysis.InputImage;
import org.convlens.analysis.TechniqueRegistry;
import org.convlens.base.DataDirectory;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code analyze}: runs one technique on images and writes the main result array as .npy. */
final class AnalyzeCommand {

    /** Options passed through to the technique's parameters under the same name. */
    private static final List<String> TECHNIQUE_OPTIONS = List.of("layer", "target", "score", "window", "stride", "baseline", "batch",
            "channel", "position", "steps", "noise", "samples", "seed", "base", "lr", "optimizer", "l2", "tv", "tv-beta", "alpha",
            "alpha-weight", "blur-every", "blur-sigma", "jitter", "clip-norm", "clip-contribution", "snapshot-every", "clamp-to-image", "scale", "rotate", "objective", "parameterization", "classes");

    private AnalyzeCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        Set<String> allowed = new java.util.HashSet<>(TECHNIQUE_OPTIONS);
        allowed.addAll(Set.of("model", "method", "image", "mean", "std", "save", "out", "convlens.data-dir", "data-dir", "abs", "no-relu", "ig-method",
                "negate", "png"));
        args.allowOnly(allowed);
        Path modelFile = Path.of(args.require("model"));
        String method = args.require("method");
        Path outFile = Path.of(args.require("out"));

        TechniqueRegistry techniques = org.convlens.Techniques.all();
        boolean usesImages = techniques.get(method).usesImages();
        LoadedModel model = ModelRegistry.loadFile(modelFile);
        if (args.has("mean") || args.has("std")) {
            model = model.withProfile(model.profile().withNormalization(args.doubles("mean"), args.doubles("std")));
        }
        if (args.all("image").isEmpty() && usesImages) throw new UserInputException("--image is required (repeat it for several images)");
        List<InputImage> images = new ArrayList<>();
        for (String image : usesImages ? args.all("image") : List.<String>of()) {
            Path path = Path.of(image);
            if (!Files.isRegularFile(path)) throw new UserInputException("no image file " + image);
            images.add(new InputImage(path.getFileName().toString(), ImagePreprocessor.decode(Files.readAllBytes(path))));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String option : TECHNIQUE_OPTIONS) if (args.has(option)) parameters.put(camelCase(option), args.get(option));
        if (args.has("negate")) parameters.put("negate", "true");
        if (args.has("ig-method")) parameters.put("method", args.get("ig-method"));
        if (args.has("abs")) parameters.put("abs", "true");
        if (args.has("no-relu")) parameters.put("relu", "false");

        boolean save = args.has("save");
        ExperimentStore store = save ? new ExperimentStore(dataDirectory(args).openDatabase()) : null;
        AnalysisService service = new AnalysisService(techniques, store, org.convlens.dataset.DatasetSource.BUILT_IN);
        AnalysisService.Outcome outcome = service.analyze(model, images, method, parameters, save, Experiment.Source.CLI, null, Progress.NONE);

        Npy.write(outcome.result().main(), outFile);
        out.printf("%s on %d image(s) with %s: %s written, shape [%s], %d ms%n", method, images.size(), model.name(), outFile,
                String.join(", ", java.util.Arrays.stream(outcome.result().main().shape()).mapToObj(Integer::toString).toList()), outcome.durationMs());
        for (int i = 0; i < images.size(); i++) {
            String notes = String.join("; ", outcome.images().get(i).notes());
            out.printf("  %s: %s%s%n", images.get(i).name(), outcome.result().perImage().get(i), notes.isEmpty() ? "" : " (" + notes + ")");
        }
        if (args.has("png")) {
            Tensor pixels = outcome.result().arrays().get("pixels");
            if (pixels == null) throw new UserInputException("--png writes synthesized images; " + method + " makes none");
            Path directory = Path.of(args.get("png"));
            Files.createDirectories(directory);
            for (int i = 0; i < pixels.dim(0); i++) Files.write(directory.resolve(method + "-" + i + ".png"), png(pixels, i));
            out.println(pixels.dim(0) + " PNG image(s) written to " + directory);
        }
        if (outcome.experimentId() != null) out.println("saved as experiment " + outcome.experimentId() + ": /experiment/" + outcome.experimentId());
    }

    private static String camelCase(String option) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : option.toCharArray()) {
            if (c == '-') upper = true;
            else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    /** Image {@code index} of display pixels in [0, 1] as an 8-bit PNG, gray or RGB. */
    static byte[] png(Tensor pixels, int index) {
        int channels = pixels.dim(1), height = pixels.dim(2), width = pixels.dim(3);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                channels == 1 ? java.awt.image.BufferedImage.TYPE_BYTE_GRAY : java.awt.image.BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        int base = index * channels * plane;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (channels == 1) {
                    image.getRaster().setSample(x, y, 0, Math.round(pixels.data()[base + p] * 255));
                } else {
                    int r = Math.round(pixels.data()[base + p] * 255), g = Math.round(pixels.data()[base + plane + p] * 255), b = Math.round(pixels.data()[base + 2 * plane + p] * 255);
                    image.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
        }
        return ImagePreprocessor.toPng(image);
    }

    private static DataDirectory dataDirectory(Arguments args) {
        String path = args.get("convlens.data-dir");
        if (path == null) path = args.get("data-dir");
        return DataDirectory.of(path == null ? DataDirectory.DEFAULT : path);
    }
}
