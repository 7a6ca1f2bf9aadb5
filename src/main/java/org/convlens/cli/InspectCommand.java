package org.convlens.cli;

import org.convlens.engine.LayerInfo;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code inspect}: the model's preprocessing profile and layer table. */
final class InspectCommand {

    private InspectCommand() {
    }

    static void run(Arguments args, PrintStream out) {
        args.allowOnly(Set.of("model"));
        LoadedModel model = ModelRegistry.loadFile(Path.of(args.require("model")));
        out.printf("%s (%s, %d parameters, sha256 %s)%n", model.name(), model.network().isGraph() ? "ComputationGraph" : "MultiLayerNetwork",
                model.network().numParams(), model.id());
        out.println("input: " + model.profile().describe());
        out.println("classes: " + model.network().numClasses() + " " + model.profile().labels());
        out.printf("%-24s %-28s %-10s %-16s %10s  %s%n", "layer", "type", "activation", "output C×H×W", "params", "inputs");
        for (LayerInfo layer : model.network().layers()) {
            out.printf("%-24s %-28s %-10s %-16s %10d  %s%n", layer.name(), layer.type(), layer.activation(), layer.outputShapeText(),
                    layer.parameters(), String.join(", ", layer.inputs()));
        }
    }
}
