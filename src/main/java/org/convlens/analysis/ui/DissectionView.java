package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import org.convlens.base.Tensor;
import org.convlens.ui.FloatData;

import java.util.Map;

/** Java side of {@code <cl-dissection>}: detectors per category, every unit's concept, IoU and example segmentations. */
@Tag("cl-dissection")
@JsModule("./components/cl-dissection.ts")
public class DissectionView extends Component {

    public DissectionView(ShownResult result) {
        Map<String, Object> facts = result.facts();
        Tensor iou = result.arrays().get("iou");
        getElement().setProperty("iou", FloatData.base64(iou.data(), 0, iou.data().length));
        Tensor examples = result.arrays().get("examples");
        Tensor masks = result.arrays().get("example-masks");
        if (examples != null && masks != null) {
            getElement().setProperty("examples", FloatData.base64(examples.data(), 0, examples.data().length));
            getElement().setProperty("masks", FloatData.base64(masks.data(), 0, masks.data().length));
            getElement().setProperty("channels", examples.dim(1));
            getElement().setProperty("height", examples.dim(2));
            getElement().setProperty("width", examples.dim(3));
        }
        getElement().setProperty("perUnit", ((Number) facts.getOrDefault("examplesPerUnit", 0)).intValue());
        getElement().setProperty("iouThreshold", ((Number) facts.get("iouThreshold")).doubleValue());
        getElement().setPropertyJson("units", JsonValues.of(result.perImage()));
        getElement().setPropertyJson("concepts", JsonValues.of(facts.get("concepts")));
        getElement().setPropertyJson("summary", JsonValues.of(facts.get("summary")));
        if (facts.get("ablation") instanceof Map<?, ?> ablation) getElement().setPropertyJson("drops", JsonValues.of(ablation.get("drops")));
    }
}
