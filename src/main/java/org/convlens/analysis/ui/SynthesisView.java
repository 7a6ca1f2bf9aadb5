package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import elemental.json.Json;
import elemental.json.JsonArray;
import org.convlens.base.Tensor;
import org.convlens.ui.FloatData;

import java.util.List;

/** Java side of {@code <cl-synthesis>}: synthesized images, their snapshots and objective curves. */
@Tag("cl-synthesis")
@JsModule("./components/cl-synthesis.ts")
public class SynthesisView extends Component {

    public SynthesisView(Tensor pixels, Tensor snapshots, List<Integer> snapshotSteps, Tensor curve, List<String> captions) {
        getElement().setProperty("count", pixels.dim(0));
        getElement().setProperty("channels", pixels.dim(1));
        getElement().setProperty("height", pixels.dim(2));
        getElement().setProperty("width", pixels.dim(3));
        getElement().setProperty("pixels", FloatData.base64(pixels.data(), 0, pixels.data().length));
        if (snapshots != null) getElement().setProperty("snapshots", FloatData.base64(snapshots.data(), 0, snapshots.data().length));
        getElement().setPropertyJson("snapshotSteps", numbers(snapshotSteps));
        getElement().setProperty("steps", curve.dim(3));
        getElement().setProperty("curve", FloatData.base64(curve.data(), 0, curve.data().length));
        JsonArray names = Json.createArray();
        for (int i = 0; i < captions.size(); i++) names.set(i, captions.get(i));
        getElement().setPropertyJson("captions", names);
    }

    private static JsonArray numbers(List<Integer> values) {
        JsonArray array = Json.createArray();
        for (int i = 0; i < values.size(); i++) array.set(i, values.get(i));
        return array;
    }
}
