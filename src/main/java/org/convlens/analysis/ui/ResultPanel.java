package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import org.convlens.analysis.FeatureMaps;
import org.convlens.analysis.Occlusion;
import org.convlens.base.Tensor;

import java.util.List;
import java.util.Map;

/** Draws a technique's result for one image at a time; the arrays go to the browser elements as raw floats. */
public class ResultPanel extends VerticalLayout {

    private final ShownResult result;
    private final Div body = new Div();

    public ResultPanel(ShownResult result) {
        this.result = result;
        setPadding(false);
        addClassName("result-panel");
        if (result.images().size() > 1) {
            Tabs tabs = new Tabs();
            for (ShownResult.ShownImage image : result.images()) tabs.add(new Tab(image.name()));
            tabs.addSelectedChangeListener(e -> show(tabs.getSelectedIndex()));
            add(tabs);
        }
        add(body);
        show(0);
    }

    private void show(int image) {
        body.removeAll();
        ShownResult.ShownImage input = result.images().get(image);
        Map<String, Object> facts = result.perImage().get(image);
        body.add(new Paragraph(describe(facts, input)));
        body.add(switch (result.method()) {
            case Occlusion.ID -> occlusion(image, input, facts);
            case FeatureMaps.ID -> featureMaps(image, input);
            default -> new Span("No viewer for " + result.method());
        });
    }

    private String describe(Map<String, Object> facts, ShownResult.ShownImage input) {
        StringBuilder text = new StringBuilder(input.name()).append(": predicted ").append(facts.get("predictedLabel"))
                .append(String.format(" (p = %.3f, logit %.3f)", number(facts.get("predictedProbability")), number(facts.get("predictedLogit"))));
        if (facts.containsKey("targetLabel")) {
            text.append("; explaining ").append(facts.get("targetLabel")).append(String.format(" (%s %.4f)", result.facts().get("score"), number(facts.get("targetScore"))));
        }
        if (input.notes() != null && !input.notes().isBlank()) text.append(". Converted for the model: ").append(input.notes());
        return text.append('.').toString();
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

    private Component featureMaps(int image, ShownResult.ShownImage input) {
        Tensor maps = result.arrays().get("activations");
        int channels = maps.dim(1), h = maps.dim(2), w = maps.dim(3);
        Div container = new Div(new Paragraph("Layer " + result.facts().get("layer") + ": " + channels + " channels of " + h + "×" + w
                + ". Click a map to enlarge it over the input."));
        container.add(new FeatureGrid(maps.data(), image * channels * h * w, channels, h, w, h > 1 ? input.dataUrl() : null));
        return container;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

}
