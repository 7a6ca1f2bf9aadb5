package org.convlens.model.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import elemental.json.Json;
import elemental.json.JsonArray;
import elemental.json.JsonObject;
import org.convlens.engine.LayerInfo;

import java.util.List;

/** Java side of {@code <cl-graph>}: a ComputationGraph drawn as boxes and arrows. */
@Tag("cl-graph")
@JsModule("./components/cl-graph.ts")
public class LayerGraph extends Component {

    public LayerGraph(String inputName, List<LayerInfo> layers) {
        JsonArray nodes = Json.createArray();
        JsonObject input = Json.createObject();
        input.put("name", inputName);
        input.put("type", "Input");
        input.put("shape", "");
        input.put("inputs", Json.createArray());
        nodes.set(0, input);
        for (LayerInfo layer : layers) {
            JsonObject node = Json.createObject();
            node.put("name", layer.name());
            node.put("type", layer.type().replace("Layer", "").replace("Vertex", ""));
            node.put("shape", layer.outputShapeText());
            JsonArray inputs = Json.createArray();
            for (int i = 0; i < layer.inputs().size(); i++) inputs.set(i, layer.inputs().get(i));
            node.put("inputs", inputs);
            nodes.set(nodes.length(), node);
        }
        getElement().setPropertyJson("nodes", nodes);
    }
}
