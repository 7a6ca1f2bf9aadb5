package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import org.convlens.base.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Java side of {@code <cl-ablation>}: accuracy drop per unit or layer, accuracy per class, importance against IoU. */
@Tag("cl-ablation")
@JsModule("./components/cl-ablation.ts")
public class AblationView extends Component {

    public AblationView(ShownResult result) {
        Map<String, Object> facts = result.facts();
        getElement().setPropertyJson("rows", JsonValues.of(result.perImage()));
        getElement().setProperty("kind", String.valueOf(facts.get("kind")));
        getElement().setProperty("baseline", ((Number) facts.get("baselineAccuracy")).doubleValue());
        getElement().setPropertyJson("classes", JsonValues.of(facts.getOrDefault("classes", result.labels())));
        Tensor perClass = result.arrays().get("per-class");
        List<List<Double>> rows = new ArrayList<>();
        for (int r = 0; r < perClass.dim(2); r++) {
            List<Double> row = new ArrayList<>();
            for (int c = 0; c < perClass.dim(3); c++) row.add((double) perClass.data()[r * perClass.dim(3) + c]);
            rows.add(row);
        }
        getElement().setPropertyJson("perClass", JsonValues.of(rows));
        if (facts.get("dissection") instanceof Map<?, ?> dissection) getElement().setPropertyJson("labels", JsonValues.of(dissection.get("units")));
    }
}
