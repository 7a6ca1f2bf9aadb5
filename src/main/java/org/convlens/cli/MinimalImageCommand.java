package org.convlens.cli;

import org.convlens.base.Npy;
import org.convlens.analysis.MinimalImage;
import org.convlens.analysis.TechniqueRegistry;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.convlens.model.PreparedImage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code minimal-image}: Zhou et al.'s image-part removal on one image. Writes the minimal image in model-input space
 * as npy, optionally as PNG, and the removals (segment, class probability after it) as CSV.
 */
final class MinimalImageCommand {

    private MinimalImageCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("model", "image", "target", "segments", "grid", "superpixels", "fill", "batch", "out", "png", "steps"));
        LoadedModel model = ModelRegistry.loadFile(Path.of(args.require("model")));
        Path imageFile = Path.of(args.require("image"));
        if (!Files.isRegularFile(imageFile)) throw new UserInputException("no image file " + imageFile);
        PreparedImage prepared = ImagePreprocessor.prepare(ImagePreprocessor.decode(Files.readAllBytes(imageFile)), model.profile());
        Map<String, String> values = new LinkedHashMap<>();
        for (String option : new String[]{"target", "segments", "grid", "superpixels", "fill", "batch"}) if (args.has(option)) values.put(option, args.get(option));
        MinimalImage.Params params = (MinimalImage.Params) new TechniqueRegistry(java.util.List.of(new MinimalImage())).parameters(MinimalImage.ID, values);
        MinimalImage.Removal removal = MinimalImage.remove(model, prepared.modelInput(), params, Progress.NONE);

        int c = model.profile().channels(), h = model.profile().height(), w = model.profile().width();
        Npy.write(new Tensor(new int[]{1, c, h, w}, removal.minimal()), Path.of(args.require("out")));
        if (args.has("png")) Files.write(Path.of(args.get("png")), AnalyzeCommand.png(new Tensor(new int[]{1, c, h, w}, model.profile().displayPixels(removal.minimal())), 0));
        if (args.has("steps")) {
            StringBuilder csv = new StringBuilder("step,segment,probability\n");
            csv.append(String.format(Locale.ROOT, "0,,%.6f%n", removal.probabilities()[0]));
            for (int s = 0; s < removal.removed().length; s++) {
                csv.append(String.format(Locale.ROOT, "%d,%d,%.6f%n", s + 1, removal.removed()[s], removal.probabilities()[s + 1]));
            }
            Files.writeString(Path.of(args.get("steps")), csv.toString());
        }
        double[] probabilities = removal.probabilities();
        out.printf("class %d (%s): removed %d of %d segments, probability %.4f → %.4f; minimal image %s%n", removal.target(),
                model.profile().label(removal.target()), removal.removed().length, removal.segmentCount(), probabilities[0],
                probabilities[probabilities.length - 1], args.get("out"));
    }
}
