package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.button.Button;
import org.convlens.analysis.Ablation;
import org.convlens.analysis.Deconvnet;
import org.convlens.analysis.Dissection;
import org.convlens.analysis.FeatureMaps;
import org.convlens.analysis.GradCam;
import org.convlens.analysis.GuidedBackprop;
import org.convlens.analysis.GuidedGradCam;
import org.convlens.analysis.MinimalImage;
import org.convlens.analysis.Saliency;
import org.convlens.analysis.TopK;
import org.convlens.analysis.Occlusion;
import org.convlens.base.Tensor;

import java.util.List;
import java.util.Map;

/** Draws a technique's result for one image at a time; the arrays go to the browser elements as raw floats. */
public class ResultPanel extends VerticalLayout {

    /** Runs a backward projection from one unit of a layer; offered under the feature-map grid. */
    public interface UnitProjector {
        void project(String technique, String layer, int channel);
    }

    private static final java.util.Set<String> DATASET_METHODS = java.util.Set.of(TopK.ID, Dissection.ID, Ablation.ID);

    private final ShownResult result;
    private final UnitProjector projector;
    private final Div body = new Div();

    public ResultPanel(ShownResult result) {
        this(result, null);
    }

    public ResultPanel(ShownResult result, UnitProjector projector) {
        this.result = result;
        this.projector = projector;
        setPadding(false);
        addClassName("result-panel");
        if (result.images().size() > 1 && !result.arrays().containsKey("pixels") && !DATASET_METHODS.contains(result.method())) {
            Tabs tabs = new Tabs();
            for (ShownResult.ShownImage image : result.images()) tabs.add(new Tab(image.name()));
            tabs.addSelectedChangeListener(e -> show(tabs.getSelectedIndex()));
            add(tabs);
        }
        add(body);
        if (result.arrays().isEmpty()) body.add(new Span("No result was kept."));
        else show(0);
    }

    private void show(int image) {
        body.removeAll();
        if (result.arrays().containsKey("pixels")) {
            body.add(synthesis());
            return;
        }
        if (result.method().equals(TopK.ID)) {
            body.add(new Paragraph("Layer " + result.facts().get("layer") + ", " + result.facts().get("dataset") + ", receptive field "
                    + result.facts().get("receptiveField") + " (red box): the top " + result.facts().get("k")
                    + " images of each unit, each beside the DeConvNet projection of that activation."));
            TopKView view = new TopKView(result.arrays().get("images"), result.arrays().get("projections"), result.perImage(),
                    ((Number) result.facts().get("k")).intValue());
            view.setId("topk");
            body.add(view);
            return;
        }
        if (result.method().equals(Dissection.ID)) {
            body.add(new Paragraph("Layer " + result.facts().get("layer") + ", " + result.facts().get("dataset") + ": each unit's top "
                    + number(result.facts().get("quantile")) * 100 + " % of activations, upsampled to the masks, against every concept; "
                    + "a unit detects its best concept when the IoU exceeds " + result.facts().get("iouThreshold") + "."
                    + linked("ablation", "Ablation")));
            DissectionView view = new DissectionView(result);
            view.setId("dissection");
            body.add(view);
            return;
        }
        if (result.method().equals(Ablation.ID)) {
            body.add(new Paragraph("Layer " + result.facts().get("layer") + ", " + result.facts().get("mode") + "-ablation, "
                    + result.facts().get("dataset") + " (" + result.facts().get("kind") + ")." + linked("dissection", "Dissection")));
            AblationView view = new AblationView(result);
            view.setId("ablation");
            body.add(view);
            return;
        }
        ShownResult.ShownImage input = result.images().get(image);
        Map<String, Object> facts = result.perImage().get(image);
        body.add(new Paragraph(ResultPanelFacts.describe(facts, input.name()) + scoreText(facts) + notes(input) + "."));
        body.add(switch (result.method()) {
            case Occlusion.ID -> occlusion(image, input, facts);
            case FeatureMaps.ID -> featureMaps(image, input);
            case MinimalImage.ID -> removal(image, facts);
            case GradCam.ID -> cam(image, input);
            case GuidedGradCam.ID -> new Div(attribution(image, input, "Guided Grad-CAM"), cam(image, input));
            default -> attribution(image, input, "Attribution (" + result.method() + ")");
        });
    }

    private String scoreText(Map<String, Object> facts) {
        return facts.containsKey("targetScore") ? String.format(" (%s %.4f)", result.facts().getOrDefault("score", "logit"), number(facts.get("targetScore"))) : "";
    }

    private static String notes(ShownResult.ShownImage input) {
        return input.notes() == null || input.notes().isBlank() ? "" : ". Converted for the model: " + input.notes();
    }

    private Component occlusion(int image, ShownResult.ShownImage input, Map<String, Object> facts) {
        Tensor attribution = result.arrays().get("attribution");
        Tensor drop = result.arrays().get("score-drop");
        Tensor strongest = result.arrays().get("strongest-map");
        Tensor topClass = result.arrays().get("top-class");
        int h = attribution.dim(2), w = attribution.dim(3);
        int rows = drop.dim(2), cols = drop.dim(3);
        int channels = attribution.dim(1);
        FlexLayout maps = new FlexLayout();
        maps.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        maps.getStyle().set("gap", "var(--lumo-space-l)");
        maps.add(new Heatmap("Attribution per pixel (Captum)", attribution.data(), image * channels * h * w, h, w)
                .scale(Heatmap.Scale.DIVERGING).overlay(input.dataUrl(), 0.55));
        maps.add(new Heatmap("Score drop per window position", drop.data(), image * rows * cols, rows, cols)
                .scale(Heatmap.Scale.DIVERGING).overlay(input.dataUrl(), 0.55));
        maps.add(new Heatmap("Feature map " + facts.get("strongestChannel") + " of " + result.facts().get("layer") + ": total activation",
                strongest.data(), image * rows * cols, rows, cols).scale(Heatmap.Scale.VIRIDIS).overlay(input.dataUrl(), 0.55));
        maps.add(new Heatmap("Most probable class per position", topClass.data(), image * rows * cols, rows, cols)
                .categories(result.labels()).overlay(input.dataUrl(), 0.55));
        Paragraph setup = new Paragraph(String.format("Window %s px, stride %s px, baseline %s, %s×%s positions, %s forward passes.",
                result.facts().get("window"), result.facts().get("stride"), result.facts().get("baseline"), rows, cols, result.facts().get("forwardPasses")));
        setup.addClassName("result-setup");
        return new Div(maps, setup);
    }

    /** Synthesized images (all of them: a gallery), the replay of their snapshots and the objective curves. */
    private Component synthesis() {
        List<String> captions = result.perImage().stream().map(facts -> String.valueOf(facts.get("caption"))).toList();
        @SuppressWarnings("unchecked") List<Integer> steps = (List<Integer>) result.facts().getOrDefault("snapshotSteps", List.of());
        Div container = new Div(new Paragraph("Objective: " + result.facts().get("objective") + ", " + result.facts().get("steps") + " steps"
                + (Boolean.TRUE.equals(result.facts().get("cancelled")) ? " (cancelled)" : "") + "."));
        SynthesisView view = new SynthesisView(result.arrays().get("pixels"), result.arrays().get("snapshots"), steps, result.arrays().get("objective"), captions);
        view.setId("synthesis");
        container.add(view);
        return container;
    }

    /** A signed input-space map {@code [N, C, H, W]}: channels summed, or Simonyan's max |value|, chosen in the browser. */
    private Component attribution(int image, ShownResult.ShownImage input, String caption) {
        Tensor map = result.arrays().get("attribution");
        int c = map.dim(1), h = map.dim(2), w = map.dim(3);
        Heatmap heatmap = new Heatmap(caption, map.data(), image * c * h * w, c, h, w).scale(Heatmap.Scale.DIVERGING).overlay(input.dataUrl(), 0.5);
        heatmap.addClassName("attribution-map");
        return heatmap;
    }

    private Component removal(int image, Map<String, Object> facts) {
        RemovalView view = new RemovalView(result, image, String.valueOf(facts.get("targetLabel")));
        view.setId("removal");
        return new Div(new Paragraph(String.format("%s, removed parts filled with the %s: %s of %s segments removed, %.0f %% of the image left.",
                result.facts().get("segmentation"), "mean".equals(result.facts().get("fill")) ? "image's mean colour" : result.facts().get("fill"),
                facts.get("removed"), facts.get("segments"), number(facts.get("keptFraction")) * 100)), view);
    }

    private Component cam(int image, ShownResult.ShownImage input) {
        Tensor cam = result.arrays().get("cam");
        int h = cam.dim(2), w = cam.dim(3);
        boolean signed = Boolean.FALSE.equals(result.facts().get("relu"));
        return new Heatmap("Grad-CAM of " + result.facts().get("layer") + " (" + h + "×" + w + ")", cam.data(), image * h * w, h, w)
                .scale(signed ? Heatmap.Scale.DIVERGING : Heatmap.Scale.VIRIDIS).overlay(input.dataUrl(), 0.5);
    }

    private Component featureMaps(int image, ShownResult.ShownImage input) {
        Tensor maps = result.arrays().get("activations");
        int channels = maps.dim(1), h = maps.dim(2), w = maps.dim(3);
        Div container = new Div(new Paragraph("Layer " + result.facts().get("layer") + ": " + channels + " channels of " + h + "×" + w
                + ". Click a map to enlarge it over the input."));
        FeatureGrid grid = new FeatureGrid(maps.data(), image * channels * h * w, channels, h, w, h > 1 ? input.dataUrl() : null);
        container.add(grid);
        if (projector != null) {
            String layer = (String) result.facts().get("layer");
            Div picker = new Div();
            picker.setId("unit-picker");
            grid.addChannelSelectedListener(event -> {
                picker.removeAll();
                picker.add(new Span("Project channel " + event.channel() + " of " + layer + " (at its strongest position) back to the pixels: "));
                for (String technique : List.of(Deconvnet.ID, GuidedBackprop.ID, Saliency.ID)) {
                    Button button = new Button(technique, click -> projector.project(technique, layer, event.channel()));
                    button.setId("project-" + technique);
                    picker.add(button);
                }
            });
            container.add(picker);
        }
        return container;
    }

    /** Names the experiment whose results were joined to this one (ablation with dissection). */
    private String linked(String key, String what) {
        return result.facts().get(key) instanceof Map<?, ?> other ? " " + what + " of the same layer: experiment " + other.get("experiment") + "." : "";
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

}
