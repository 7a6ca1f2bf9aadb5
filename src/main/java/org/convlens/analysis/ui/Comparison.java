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

/** Java side of {@code <cl-comparison>}: several maps side by side, optionally on one colour scale. */
@Tag("cl-comparison")
@JsModule("./components/cl-comparison.ts")
public class Comparison extends Component {

    /** One map for image 0, {@code [1, C, H, W]}; signed maps get a diverging scale; {@code image} overrides the shared one. */
    public record Entry(String caption, Tensor map, boolean signed, String image) {
        public Entry(String caption, Tensor map, boolean signed) {
            this(caption, map, signed, null);
        }
    }

    public Comparison(List<Entry> entries, String imageDataUrl) {
        JsonArray maps = Json.createArray();
        for (Entry entry : entries) {
            Tensor map = entry.map();
            int channels = map.dim(1), rows = map.dim(2), cols = map.dim(3);
            JsonObject json = Json.createObject();
            json.put("caption", entry.caption());
            json.put("values", FloatData.base64(map.data(), 0, channels * rows * cols));
            json.put("channels", channels);
            json.put("rows", rows);
            json.put("cols", cols);
            json.put("signed", entry.signed());
            if (entry.image() != null) json.put("image", entry.image());
            maps.set(maps.length(), json);
        }
        getElement().setPropertyJson("maps", maps);
        getElement().setProperty("image", imageDataUrl);
    }
}
