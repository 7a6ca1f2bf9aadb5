package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import elemental.json.Json;
import elemental.json.JsonArray;
import elemental.json.JsonObject;
import org.convlens.base.Tensor;
import org.convlens.ui.FloatData;

import java.util.List;
import java.util.Map;

/** Java side of {@code <cl-topk>}: the top-k images of every unit with receptive-field boxes and projections. */
@Tag("cl-topk")
@JsModule("./components/cl-topk.ts")
public class TopKView extends Component {

    public TopKView(Tensor images, Tensor projections, List<Map<String, Object>> hits, int k) {
        getElement().setProperty("k", k);
        getElement().setProperty("channels", images.dim(1));
        getElement().setProperty("height", images.dim(2));
        getElement().setProperty("width", images.dim(3));
        getElement().setProperty("images", FloatData.base64(images.data(), 0, images.data().length));
        if (projections != null) getElement().setProperty("projections", FloatData.base64(projections.data(), 0, projections.data().length));
        JsonArray array = Json.createArray();
        for (Map<String, Object> hit : hits) {
            JsonObject json = Json.createObject();
            json.put("channel", ((Number) hit.get("channel")).doubleValue());
            json.put("image", String.valueOf(hit.get("image")));
            json.put("activation", ((Number) hit.get("activation")).doubleValue());
            json.put("position", numbers((List<?>) hit.get("position")));
            json.put("box", numbers((List<?>) hit.get("box")));
            array.set(array.length(), json);
        }
        getElement().setPropertyJson("hits", array);
    }

    private static JsonArray numbers(List<?> values) {
        JsonArray array = Json.createArray();
        for (Object value : values) array.set(array.length(), ((Number) value).doubleValue());
        return array;
    }
}
