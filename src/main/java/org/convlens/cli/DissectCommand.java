package org.convlens.cli;

import org.convlens.base.Npy;
import org.convlens.analysis.Dissection;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.dataset.ConceptMasks;
import org.convlens.dataset.ImageDataset;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code dissect}: network dissection of one layer on a dataset with concept masks; one CSV row per unit (best concept,
 * IoU, detector or not, threshold) and, with {@code --iou-matrix}, every unit × concept IoU as npy.
 */
final class DissectCommand {

    private DissectCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("model", "layer", "dataset", "quantile", "iou", "limit", "out", "iou-matrix"));
        LoadedModel model = ModelRegistry.loadFile(Path.of(args.require("model")));
        ImageDataset dataset = DatasetArguments.open(args.has("dataset") ? args.get("dataset") : "concepts", args.intValue("limit", 0), out);
        double quantile = args.doubleValue("quantile", 0.005), cutoff = args.doubleValue("iou", 0.04);
        new Dissection.Params(args.require("layer"), null, quantile, cutoff, null, null);
        long started = System.nanoTime();
        Dissection.Result result = Dissection.dissect(model, dataset, args.require("layer"), quantile, cutoff, 0, 100, Progress.NONE);
        double seconds = (System.nanoTime() - started) / 1e9;

        StringBuilder csv = new StringBuilder("unit,concept,category,iou,detector,threshold\n");
        for (Dissection.UnitLabel unit : result.units()) {
            ConceptMasks.Concept concept = result.concepts().get(unit.concept());
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%.6f,%b,%.6g%n", unit.unit(), concept.name(), concept.category(), unit.iou(), unit.detector(), unit.threshold()));
        }
        Path file = Path.of(args.require("out"));
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, csv.toString());
        if (args.has("iou-matrix")) {
            int units = result.units().size(), concepts = result.concepts().size();
            float[] iou = new float[units * concepts];
            for (int u = 0; u < units; u++) for (int c = 0; c < concepts; c++) iou[u * concepts + c] = (float) result.iou()[u][c];
            Npy.write(new Tensor(new int[]{units, concepts}, iou), Path.of(args.get("iou-matrix")));
        }
        long detectors = result.units().stream().filter(Dissection.UnitLabel::detector).count();
        out.printf("%s: %d of %d units are detectors (IoU > %s) over %d images in %.1f s%n", result.layer(), detectors, result.units().size(), cutoff,
                result.images(), seconds);
        result.summary().forEach((category, counts) -> out.printf("  %s: %d unique detectors, %d units%n", category, counts[0], counts[1]));
    }
}
