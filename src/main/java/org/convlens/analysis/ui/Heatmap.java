package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import elemental.json.Json;
import elemental.json.JsonArray;
import org.convlens.ui.FloatData;

import java.util.List;

/** Java side of {@code <cl-heatmap>}: one 2-D map drawn in the browser from raw floats. */
@Tag("cl-heatmap")
@JsModule("./components/cl-heatmap.ts")
public class Heatmap extends Component {

    public enum Scale { DIVERGING, VIRIDIS }

    public Heatmap(String caption, float[] values, int offset, int rows, int cols) {
        this(caption, values, offset, 1, rows, cols);
    }

    /** A map with several channels ({@code [channels, rows, cols]} from {@code offset}), combined for display in the browser. */
    public Heatmap(String caption, float[] values, int offset, int channels, int rows, int cols) {
        getElement().setProperty("caption", caption);
        getElement().setProperty("channels", channels);
        getElement().setProperty("rows", rows);
        getElement().setProperty("cols", cols);
        getElement().setProperty("values", FloatData.base64(values, offset, channels * rows * cols));
    }

    public Heatmap scale(Scale scale) {
        getElement().setProperty("scale", scale.name().toLowerCase());
        return this;
    }

    public Heatmap categories(List<String> labels) {
        JsonArray array = Json.createArray();
        for (int i = 0; i < labels.size(); i++) array.set(i, labels.get(i));
        getElement().setProperty("categorical", true);
        getElement().setPropertyJson("labels", array);
        return this;
    }

    public Heatmap overlay(String imageDataUrl, double opacity) {
        getElement().setProperty("image", imageDataUrl);
        getElement().setProperty("opacity", opacity);
        return this;
    }


}
