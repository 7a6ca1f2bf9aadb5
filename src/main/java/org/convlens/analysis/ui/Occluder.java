package org.convlens.analysis.ui;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import elemental.json.Json;
import elemental.json.JsonArray;
import elemental.json.JsonObject;
import org.convlens.analysis.LiveOcclusion;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.convlens.model.PreparedImage;
import org.convlens.ui.FloatData;

/** Java side of {@code <cl-occluder>}: each dragged position becomes one forward pass with a gray square. */
@Tag("cl-occluder")
@JsModule("./components/cl-occluder.ts")
public class Occluder extends Component {

    private final LoadedModel model;
    private final float[] modelInput;

    public Occluder(LoadedModel model, java.awt.image.BufferedImage image, int size) {
        this.model = model;
        PreparedImage prepared = ImagePreprocessor.prepare(image, model.profile());
        this.modelInput = prepared.modelInput();
        getElement().setProperty("image", FloatData.pngDataUrl(ImagePreprocessor.toPng(image)));
        getElement().setProperty("height", model.profile().height());
        getElement().setProperty("width", model.profile().width());
        getElement().setProperty("size", size);
        getElement().setPropertyJson("labels", JsonValues.of(model.profile().labels()));
        getElement().setPropertyJson("probabilities", JsonValues.of(LiveOcclusion.probabilities(model, modelInput, 0, 0, 0)));
    }

    @ClientCallable
    JsonObject occlude(int top, int left, int size) {
        double[] probabilities = LiveOcclusion.probabilities(model, modelInput, top, left, Math.max(0, Math.min(size, 4096)));
        JsonArray values = Json.createArray();
        for (int i = 0; i < probabilities.length; i++) values.set(i, probabilities[i]);
        JsonObject answer = Json.createObject();
        answer.put("probabilities", values);
        return answer;
    }
}
