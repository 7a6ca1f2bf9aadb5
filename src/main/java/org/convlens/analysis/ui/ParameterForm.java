package org.convlens.analysis.ui;

import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.textfield.TextField;
import org.convlens.analysis.Ablation;
import org.convlens.analysis.Deconvnet;
import org.convlens.analysis.Dissection;
import org.convlens.analysis.FeatureMaps;
import org.convlens.analysis.GradCam;
import org.convlens.analysis.GuidedBackprop;
import org.convlens.analysis.GuidedGradCam;
import org.convlens.analysis.InputXGradient;
import org.convlens.analysis.IntegratedGradients;
import org.convlens.analysis.MinimalImage;
import org.convlens.analysis.Occlusion;
import org.convlens.analysis.Saliency;
import org.convlens.analysis.SmoothGrad;
import org.convlens.analysis.TopK;
import org.convlens.dataset.DatasetStore;
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
    private static final String FROM_CLASS = "— the class score —";
    /** Not a technique parameter: the view turns it into the class list of the chosen image's top classes. */
    static final String TOP_CLASSES = "top";

    private final Map<String, java.util.function.Supplier<Object>> values = new LinkedHashMap<>();

    ParameterForm(String method, LoadedModel model, Map<String, Object> defaults, List<DatasetStore.DatasetInfo> datasets) {
        List<LayerInfo> spatial = model.network().layers().stream().filter(LayerInfo::spatial).toList();
        switch (method) {
            case FeatureMaps.ID -> {
                Select<String> layer = layerSelect("Layer", model.network().layers().stream().map(LayerInfo::name).toList(),
                        model.network().convolutionLayers().isEmpty() ? spatial.get(0).name() : model.network().convolutionLayers().get(0), model);
                values.put("layer", layer::getValue);
            }
            case Occlusion.ID -> {
                IntegerField window = integer("window", "Window (px)", "auto", null);
                IntegerField stride = integer("stride", "Stride (px)", "half the window", null);
                NumberField baseline = number("baseline", "Baseline (model-input value)", 0.0);
                classTarget(model);
                String lastConv = lastConvolution(model, spatial);
                Select<String> layer = layerSelect("Layer for the strongest feature map", spatial.stream().map(LayerInfo::name).toList(), lastConv, model);
                IntegerField batch = integer("batch", "Batch (copies per pass)", "64", 64);
                values.put("window", window::getValue);
                values.put("stride", stride::getValue);
                values.put("baseline", baseline::getValue);
                values.put("layer", layer::getValue);
                values.put("batch", batch::getValue);
            }
            case Saliency.ID, GuidedBackprop.ID, Deconvnet.ID -> {
                classTarget(model);
                Checkbox abs = new Checkbox("Absolute values");
                abs.setId("param-abs");
                add(abs);
                values.put("abs", abs::getValue);
                Select<String> unitLayer = new Select<>();
                unitLayer.setLabel("Project from a unit of layer (optional)");
                List<String> names = new ArrayList<>(List.of(FROM_CLASS));
                names.addAll(model.network().layers().stream().map(LayerInfo::name).toList());
                unitLayer.setItems(names);
                unitLayer.setValue(FROM_CLASS);
                unitLayer.setId("param-unit-layer");
                IntegerField channel = integer("channel", "Unit channel", "0", null);
                TextField position = new TextField("Unit position y,x");
                position.setPlaceholder("strongest");
                position.setId("param-position");
                add(unitLayer, channel, position);
                values.put("layer", () -> FROM_CLASS.equals(unitLayer.getValue()) ? null : unitLayer.getValue());
                values.put("channel", channel::getValue);
                values.put("position", position::getValue);
            }
            case InputXGradient.ID -> classTarget(model);
            case MinimalImage.ID -> {
                classSelect(model, "Class to keep", "predicted class");
                Select<String> segments = select("segments", "Segments", List.of("grid", "superpixels"), "grid");
                segments.setItemLabelGenerator(s -> s.equals("grid") ? "grid cells" : "SLIC superpixels");
                IntegerField grid = integer("grid", "Grid cells per side", "7", 7);
                IntegerField superpixels = integer("superpixels", "About how many superpixels", "48", 48);
                Select<String> fill = select("fill", "Removed parts become", List.of("mean", "zero", "blur"), "mean");
                fill.setItemLabelGenerator(f -> switch (f) {
                    case "mean" -> "the image's mean colour";
                    case "zero" -> "zero (model input)";
                    default -> "a strong blur of the image";
                });
                values.put("segments", segments::getValue);
                values.put("grid", grid::getValue);
                values.put("superpixels", superpixels::getValue);
                values.put("fill", fill::getValue);
            }
            case IntegratedGradients.ID -> {
                classTarget(model);
                NumberField baseline = number("baseline", "Baseline (model-input value)", 0.0);
                IntegerField steps = integer("steps", "Steps", "50", 50);
                Select<String> quadrature = select("ig-method", "Quadrature", List.of("gausslegendre", "riemann_trapezoid", "riemann_left", "riemann_right", "riemann_middle"), "gausslegendre");
                values.put("baseline", baseline::getValue);
                values.put("steps", steps::getValue);
                values.put("method", quadrature::getValue);
            }
            case SmoothGrad.ID -> {
                classTarget(model);
                Select<String> base = select("base", "Smooth", List.of(Saliency.ID, InputXGradient.ID, GuidedBackprop.ID, Deconvnet.ID, IntegratedGradients.ID), Saliency.ID);
                NumberField noise = number("noise", "Noise sd (fraction of the input range)", 0.15);
                IntegerField samples = integer("samples", "Samples", "25", 25);
                IntegerField seed = integer("seed", "Seed", "0", 0);
                seed.setMin(0);
                values.put("base", base::getValue);
                values.put("noise", noise::getValue);
                values.put("samples", samples::getValue);
                values.put("seed", seed::getValue);
            }
            case GradCam.ID, GuidedGradCam.ID -> {
                classTarget(model);
                String lastConv = lastConvolution(model, spatial);
                Select<String> layer = layerSelect("Layer", spatial.stream().map(LayerInfo::name).toList(), lastConv, model);
                values.put("layer", layer::getValue);
                if (method.equals(GradCam.ID)) {
                    Checkbox relu = new Checkbox("ReLU (positive evidence only)", true);
                    relu.setId("param-relu");
                    add(relu);
                    values.put("relu", relu::getValue);
                }
            }
            case "class-model", "unit-visualization", "inversion" -> synthesis(method, model, defaults);
            case TopK.ID -> {
                Select<String> layer = layerSelect("Layer", spatial.stream().map(LayerInfo::name).toList(), lastConvolution(model, spatial), model);
                IntegerField k = integer("k", "Images per unit (k)", "9", 9);
                IntegerField limit = integer("limit", "Scan only the first N test images (empty: all 10,000)", "all", null);
                Checkbox project = new Checkbox("DeConvNet projection of each top activation", true);
                project.setId("param-project");
                add(project);
                Select<DatasetStore.DatasetInfo> dataset = datasetSelect(datasets, model, false);
                values.put("layer", layer::getValue);
                values.put("k", k::getValue);
                values.put("limit", limit::getValue);
                values.put("project", project::getValue);
                values.put("dataset", () -> dataset.getValue() == null ? null : dataset.getValue().id());
            }
            case Dissection.ID -> {
                Select<String> layer = layerSelect("Layer", spatial.stream().map(LayerInfo::name).toList(), lastConvolution(model, spatial), model);
                Select<DatasetStore.DatasetInfo> dataset = datasetSelect(datasets.stream().filter(d -> d.concepts() > 0).toList(), model, true);
                NumberField quantile = number("quantile", "Top quantile of activations (T_k)", ((Number) defaults.get("quantile")).doubleValue());
                NumberField cutoff = number("iouThreshold", "IoU cut-off for a detector", ((Number) defaults.get("iouThreshold")).doubleValue());
                IntegerField limit = integer("limit", "Only the first N images (empty: all)", "all", null);
                IntegerField examples = integer("examples", "Example images per unit", "4", (Integer) defaults.get("examples"));
                values.put("layer", layer::getValue);
                values.put("dataset", () -> dataset.getValue() == null ? null : dataset.getValue().id());
                values.put("quantile", quantile::getValue);
                values.put("iouThreshold", cutoff::getValue);
                values.put("limit", limit::getValue);
                values.put("examples", examples::getValue);
            }
            case Ablation.ID -> {
                List<String> ablatable = model.network().layers().stream()
                        .filter(l -> l.parameters() > 0 && !l.name().equals(model.network().outputLayer())).map(LayerInfo::name).toList();
                Select<String> layer = layerSelect("Layer", ablatable, lastConvolution(model, spatial), model);
                Select<String> mode = select("mode", "Fix units to", List.of("zero", "mean"), "zero");
                mode.setItemLabelGenerator(m -> m.equals("zero") ? "zero" : "their mean activation over the dataset");
                TextField units = new TextField("Units");
                units.setPlaceholder("empty: each alone");
                units.setHelperText("3,7,12 or all: those together; layers: every whole layer in turn");
                units.setId("param-units");
                add(units);
                Select<DatasetStore.DatasetInfo> dataset = datasetSelect(datasets.stream().filter(d -> !d.classes().isEmpty()).toList(), model, false);
                IntegerField limit = integer("limit", "Only the first N images (empty: all)", "all", null);
                values.put("layer", layer::getValue);
                values.put("mode", mode::getValue);
                values.put("units", units::getValue);
                values.put("dataset", () -> dataset.getValue() == null ? null : dataset.getValue().id());
                values.put("limit", limit::getValue);
            }
            default -> throw new IllegalArgumentException("no form for " + method);
        }
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("360px", 2));
    }

    /** What to maximize, then the optimization and each regularizer, prefilled with the technique's defaults. */
    private void synthesis(String method, LoadedModel model, Map<String, Object> defaults) {
        if (method.equals("class-model")) {
            classSelect(model, "Class", "every class (gallery)");
            IntegerField top = integer("top", "Or the top N classes of the chosen image", "", null);
            values.put(TOP_CLASSES, top::getValue);
        } else {
            List<String> layers = new ArrayList<>(model.network().layers().stream().filter(LayerInfo::spatial).map(LayerInfo::name).toList());
            String initial = method.equals("inversion") ? model.network().convolutionLayers().get(0)
                    : lastConvolution(model, model.network().layers().stream().filter(LayerInfo::spatial).toList());
            if (method.equals("inversion")) layers.add("every");
            Select<String> layer = select("layer", method.equals("inversion") ? "Layer to invert" : "Layer", layers, initial);
            values.put("layer", layer::getValue);
            if (method.equals("unit-visualization")) {
                IntegerField channel = integer("channel", "Channel", "every channel (gallery)", null);
                channel.setMin(0);
                channel.setValue(null);
                TextField position = new TextField("Neuron y,x (optional)");
                position.setId("param-position");
                add(position);
                values.put("channel", channel::getValue);
                values.put("position", position::getValue);
            }
        }
        if (!method.equals("inversion")) {
            TextField expression = new TextField("Or a weighted sum (e.g. class:3 - 0.5*class:5)");
            expression.setId("param-objective");
            add(expression);
            setColspan(expression, 2);
            values.put("objective", expression::getValue);
        }
        Checkbox negate = new Checkbox("Minimize instead");
        negate.setId("param-negate");
        add(negate);
        values.put("negate", negate::getValue);
        IntegerField steps = integer("steps", "Steps", "", (Integer) defaults.get("steps"));
        NumberField lr = number("lr", "Learning rate", ((Number) defaults.get("lr")).doubleValue());
        IntegerField seed = integer("seed", "Seed", "0", null);
        seed.setMin(0);
        seed.setValue(((Number) defaults.get("seed")).intValue());
        Select<String> optimizer = select("optimizer", "Optimizer", List.of("adam", "ascent"), (String) defaults.get("optimizer"));
        Select<String> parameterization = select("parameterization", "Parameterization", List.of("pixels", "fourier"), (String) defaults.get("parameterization"));
        parameterization.setItemLabelGenerator(p -> p.equals("fourier") ? "Fourier 1/f, decorrelated colour, sigmoid (Lucid)" : "pixels");
        values.put("parameterization", parameterization::getValue);
        values.put("steps", steps::getValue);
        values.put("lr", lr::getValue);
        values.put("seed", seed::getValue);
        values.put("optimizer", optimizer::getValue);
        FormLayout regularizers = new FormLayout();
        for (String[] field : new String[][]{{"l2", "L2 decay λ"}, {"tv", "Total variation λ"}, {"tvBeta", "TV exponent β"}, {"alphaWeight", "α-norm λ"},
                {"alpha", "α"}, {"blurSigma", "Blur σ (px)"}, {"clipNorm", "Clip pixels with small norm (percentile)"},
                {"clipContribution", "Clip pixels with small contribution (percentile)"}, {"scale", "Random scale (± fraction)"},
                {"rotate", "Random rotation (± degrees)"}}) {
            NumberField number = new NumberField(field[1]);
            number.setValue(((Number) defaults.get(field[0])).doubleValue());
            number.setId("param-" + field[0]);
            regularizers.add(number);
            values.put(field[0], number::getValue);
        }
        for (String[] field : new String[][]{{"blurEvery", "Blur every k steps (0: off)"}, {"jitter", "Jitter (px)"}, {"snapshotEvery", "Snapshot every N steps"}}) {
            IntegerField number = new IntegerField(field[1]);
            number.setValue(((Number) defaults.get(field[0])).intValue());
            number.setMin(0);
            number.setId("param-" + field[0]);
            regularizers.add(number);
            values.put(field[0], number::getValue);
        }
        Checkbox clamp = new Checkbox("Keep values in the range of real images", !Boolean.FALSE.equals(defaults.get("clampToImage")));
        clamp.setId("param-clampToImage");
        regularizers.add(clamp);
        values.put("clampToImage", clamp::getValue);
        com.vaadin.flow.component.details.Details details = new com.vaadin.flow.component.details.Details("Regularizers and tricks", regularizers);
        add(details);
        setColspan(details, 2);
    }

    /** Datasets to choose from; the first whose classes are the model's labels is chosen, else the first one. */
    private Select<DatasetStore.DatasetInfo> datasetSelect(List<DatasetStore.DatasetInfo> datasets, LoadedModel model, boolean masksNeeded) {
        Select<DatasetStore.DatasetInfo> select = new Select<>();
        select.setLabel(masksNeeded ? "Dataset with concept masks" : "Dataset");
        select.setItems(datasets);
        select.setItemLabelGenerator(DatasetStore.DatasetInfo::describe);
        select.setId("param-dataset");
        datasets.stream().filter(d -> d.classes().equals(model.profile().labels())).findFirst()
                .or(() -> datasets.stream().findFirst()).ifPresent(select::setValue);
        add(select);
        setColspan(select, 2);
        return select;
    }

    private static String lastConvolution(LoadedModel model, List<LayerInfo> spatial) {
        List<String> convolutions = model.network().convolutionLayers();
        return convolutions.isEmpty() ? spatial.get(spatial.size() - 1).name() : convolutions.get(convolutions.size() - 1);
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

    /** Target class (default: the predicted one) and score (logit or probability). */
    private void classTarget(LoadedModel model) {
        classSelect(model, "Target class", "predicted class");
        Select<String> score = select("score", "Score", List.of("logit", "probability"), "logit");
        values.put("score", score::getValue);
    }

    /** The {@code target} parameter: one of the model's classes, or none (the first item, named {@code noneLabel}). */
    private void classSelect(LoadedModel model, String label, String noneLabel) {
        Select<Integer> target = new Select<>();
        target.setLabel(label);
        List<Integer> classes = new ArrayList<>(List.of(PREDICTED));
        classes.addAll(IntStream.range(0, model.network().numClasses()).boxed().toList());
        target.setItems(classes);
        target.setItemLabelGenerator(c -> c == PREDICTED ? noneLabel : c + ": " + model.profile().label(c));
        target.setValue(PREDICTED);
        target.setId("param-target");
        add(target);
        values.put("target", () -> target.getValue() == null || target.getValue() == PREDICTED ? null : target.getValue());
    }

    private IntegerField integer(String id, String label, String placeholder, Integer initial) {
        IntegerField field = new IntegerField(label);
        field.setPlaceholder(placeholder);
        field.setMin(1);
        field.setValue(initial);
        field.setId("param-" + id);
        add(field);
        return field;
    }

    private NumberField number(String id, String label, double initial) {
        NumberField field = new NumberField(label);
        field.setValue(initial);
        field.setId("param-" + id);
        add(field);
        return field;
    }

    private Select<String> select(String id, String label, List<String> items, String initial) {
        Select<String> select = new Select<>();
        select.setLabel(label);
        select.setItems(items);
        select.setValue(initial);
        select.setId("param-" + id);
        add(select);
        return select;
    }
}
