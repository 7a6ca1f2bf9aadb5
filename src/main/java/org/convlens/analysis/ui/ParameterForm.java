package org.convlens.analysis.ui;

import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import org.convlens.analysis.FeatureMaps;
import org.convlens.analysis.Occlusion;
import org.convlens.engine.LayerInfo;
import org.convlens.model.LoadedModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The fields of one technique for one model. Values go to the technique as loose key/value pairs; its
 * parameter record validates them, so the form and the command line give the same errors.
 */
class ParameterForm extends FormLayout {

    private static final int PREDICTED = -1;

    private final Map<String, java.util.function.Supplier<Object>> values = new LinkedHashMap<>();

    ParameterForm(String method, LoadedModel model) {
        List<LayerInfo> spatial = model.network().layers().stream().filter(LayerInfo::spatial).toList();
        switch (method) {
            case FeatureMaps.ID -> {
                Select<String> layer = layerSelect("Layer", model.network().layers().stream().map(LayerInfo::name).toList(),
                        model.network().convolutionLayers().isEmpty() ? spatial.get(0).name() : model.network().convolutionLayers().get(0), model);
                values.put("layer", layer::getValue);
            }
            case Occlusion.ID -> {
                IntegerField window = integer("Window (px)", "auto");
                IntegerField stride = integer("Stride (px)", "half the window");
                NumberField baseline = new NumberField("Baseline (model-input value)");
                baseline.setValue(0.0);
                baseline.setId("param-baseline");
                Select<Integer> target = new Select<>();
                target.setLabel("Target class");
                List<Integer> classes = new ArrayList<>(List.of(PREDICTED));
                classes.addAll(IntStream.range(0, model.network().numClasses()).boxed().toList());
                target.setItems(classes);
                target.setItemLabelGenerator(c -> c == PREDICTED ? "predicted class" : c + ": " + model.profile().label(c));
                target.setValue(PREDICTED);
                target.setId("param-target");
                Select<String> score = new Select<>();
                score.setLabel("Score");
                score.setItems("logit", "probability");
                score.setValue("logit");
                score.setId("param-score");
                String lastConv = model.network().convolutionLayers().isEmpty() ? spatial.get(spatial.size() - 1).name()
                        : model.network().convolutionLayers().get(model.network().convolutionLayers().size() - 1);
                Select<String> layer = layerSelect("Layer for the strongest feature map", spatial.stream().map(LayerInfo::name).toList(), lastConv, model);
                IntegerField batch = integer("Batch (copies per pass)", "64");
                batch.setValue(64);
                add(window, stride, baseline, target, score, batch);
                values.put("window", window::getValue);
                values.put("stride", stride::getValue);
                values.put("baseline", baseline::getValue);
                values.put("target", () -> target.getValue() == null || target.getValue() == PREDICTED ? null : target.getValue());
                values.put("score", score::getValue);
                values.put("layer", layer::getValue);
                values.put("batch", batch::getValue);
            }
            default -> throw new IllegalArgumentException("no form for " + method);
        }
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("360px", 2));
    }

    Map<String, Object> values() {
        Map<String, Object> result = new LinkedHashMap<>();
        values.forEach((key, supplier) -> result.put(key, supplier.get()));
        return result;
    }

    private Select<String> layerSelect(String label, List<String> names, String initial, LoadedModel model) {
        Select<String> layer = new Select<>();
        layer.setLabel(label);
        layer.setItems(names);
        layer.setItemLabelGenerator(name -> {
            LayerInfo info = model.network().layer(name);
            return name + " — " + info.type() + " " + info.outputShapeText();
        });
        layer.setValue(initial);
        layer.setId("param-layer");
        add(layer);
        setColspan(layer, 2);
        return layer;
    }

    private IntegerField integer(String label, String placeholder) {
        IntegerField field = new IntegerField(label);
        field.setPlaceholder(placeholder);
        field.setMin(1);
        field.setId("param-" + label.toLowerCase().split(" ")[0]);
        return field;
    }
}
