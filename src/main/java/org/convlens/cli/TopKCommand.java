package org.convlens.cli;

import org.convlens.base.Npy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.convlens.analysis.TopKUnits;
import org.convlens.base.Progress;
import org.convlens.dataset.ImageDataset;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code topk}: the k images of a dataset that activate each channel of a layer most, with the box under each
 * unit's receptive field, as JSON; with {@code --projections FILE.npy} also their DeConvNet projections.
 */
final class TopKCommand {

    private TopKCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("model", "layer", "k", "dataset", "out", "projections", "limit", "batch"));
        LoadedModel model = ModelRegistry.loadFile(Path.of(args.require("model")));
        String datasetArg = args.require("dataset");
        int limit = args.intValue("limit", 0);
        ImageDataset dataset = DatasetArguments.open(datasetArg, limit, out);
        long started = System.nanoTime();
        TopKUnits.Result result = TopKUnits.scan(model, dataset, args.require("layer"), args.intValue("k", 9), args.has("projections"),
                args.intValue("batch", 256), Progress.NONE);
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Map<String, Object>> units = result.units().stream().map(unit -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("channel", unit.channel());
            json.put("top", unit.top().stream().map(hit -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("image", hit.name());
                entry.put("activation", hit.activation());
                entry.put("position", List.of(hit.y(), hit.x()));
                entry.put("box", List.of(hit.box()[0], hit.box()[1], hit.box()[2], hit.box()[3]));
                return entry;
            }).toList());
            return json;
        }).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("layer", result.layer());
        json.put("receptiveField", Map.of("rows", result.receptiveField().rows(), "columns", result.receptiveField().columns()));
        json.put("units", units);
        Path outFile = Path.of(args.require("out"));
        if (outFile.toAbsolutePath().getParent() != null) Files.createDirectories(outFile.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outFile.toFile(), json);
        if (result.projections() != null) Npy.write(result.projections(), Path.of(args.get("projections")));
        out.printf("top-%d of %d channels of %s over %d images in %.1f s: %s%s%n", args.intValue("k", 9), units.size(), result.layer(), dataset.size(),
                seconds, outFile, result.projections() == null ? "" : ", projections " + args.get("projections"));
    }
}
