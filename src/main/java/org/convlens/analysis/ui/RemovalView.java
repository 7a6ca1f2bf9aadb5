package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import org.convlens.base.Tensor;
import org.convlens.ui.FloatData;

/** Java side of {@code <cl-removal>}: one image's removals replayed, from the original to the minimal image. */
@Tag("cl-removal")
@JsModule("./components/cl-removal.ts")
public class RemovalView extends Component {

    public RemovalView(ShownResult result, int image, String label) {
        Tensor original = result.arrays().get("original");
        int c = original.dim(1), h = original.dim(2), w = original.dim(3);
        getElement().setProperty("channels", c);
        getElement().setProperty("height", h);
        getElement().setProperty("width", w);
        getElement().setProperty("label", label);
        getElement().setProperty("original", FloatData.base64(original.data(), image * c * h * w, c * h * w));
        getElement().setProperty("filled", FloatData.base64(result.arrays().get("filled").data(), image * c * h * w, c * h * w));
        getElement().setProperty("steps", FloatData.base64(result.arrays().get("removal-step").data(), image * h * w, h * w));
        getElement().setProperty("segments", FloatData.base64(result.arrays().get("segments").data(), image * h * w, h * w));
        Tensor probabilities = result.arrays().get("probabilities");
        int steps = probabilities.dim(3);
        getElement().setProperty("probabilities", FloatData.base64(probabilities.data(), image * steps, steps));
    }
}
