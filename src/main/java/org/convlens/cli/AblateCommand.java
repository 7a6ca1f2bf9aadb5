package org.convlens.cli;

import org.convlens.analysis.Ablation;
import org.convlens.base.Progress;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ablate}: accuracy on the built-in labelled test set with units of a layer fixed to zero or their mean:
 * every unit alone (a CSV ranked by accuracy drop), or a set of units at once ({@code --units a,b,c|all}).
 */
final class AblateCommand {

    private AblateCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("model", "layer", "mode", "units", "dataset", "limit", "out"));
        LoadedModel model = ModelRegistry.loadFile(Path.of(args.require("model")));
        String layer = args.require("layer");
        Ablation.Mode mode = Ablation.Mode.valueOf(args.has("mode") ? args.get("mode").toUpperCase(Locale.ROOT) : "ZERO");
        Ablation.Evaluator ablation = new Ablation.Evaluator(model, DatasetArguments.open(args.require("dataset"), args.intValue("limit", 0), out));
        Ablation.Score baseline = ablation.score(model.network());
        StringBuilder csv = new StringBuilder();
        if ("layers".equals(args.get("units"))) {
            csv.append("layer,units,accuracy,drop\n");
            for (Ablation.LayerImportance importance : ablation.eachLayer(mode, baseline, Progress.NONE)) {
                csv.append(importance.layer()).append(',').append(importance.units()).append(',').append(importance.accuracy()).append(',')
                        .append(importance.drop()).append('\n');
                out.printf("%s (%d units) ablated: accuracy %.4f (baseline %.4f)%n", importance.layer(), importance.units(), importance.accuracy(), baseline.accuracy());
            }
        } else if (args.has("units")) {
            int channels = model.network().layer(layer).outputShape()[0];
            int[] units = args.get("units").equals("all") ? java.util.stream.IntStream.range(0, channels).toArray()
                    : Arrays.stream(args.get("units").split(",")).mapToInt(u -> Integer.parseInt(u.trim())).toArray();
            Ablation.Score ablated = ablation.ablate(layer, units, mode);
            csv.append("units,accuracy,baseline_accuracy,drop\n").append('"').append(args.get("units")).append('"').append(',')
                    .append(ablated.accuracy()).append(',').append(baseline.accuracy()).append(',').append(baseline.accuracy() - ablated.accuracy()).append('\n');
            out.printf("%s-ablating %s of %s: accuracy %.4f (baseline %.4f)%n", mode.name().toLowerCase(Locale.ROOT), args.get("units"), layer, ablated.accuracy(), baseline.accuracy());
        } else {
            Ablation.Result result = ablation.eachUnit(layer, mode, Progress.NONE);
            csv.append("rank,unit,accuracy,drop\n");
            for (int i = 0; i < result.units().size(); i++) {
                Ablation.UnitImportance unit = result.units().get(i);
                csv.append(i + 1).append(',').append(unit.channel()).append(',').append(unit.accuracy()).append(',').append(unit.drop()).append('\n');
            }
            out.printf("baseline accuracy %.4f on %d images; most important unit of %s: %d (drop %.4f)%n", baseline.accuracy(), result.images(), layer,
                    result.units().get(0).channel(), result.units().get(0).drop());
        }
        Path file = Path.of(args.require("out"));
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, csv.toString());
    }
}
