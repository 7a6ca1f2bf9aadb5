package org.convlens.analysis.ui;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import org.convlens.analysis.TechniqueRegistry;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.ui.HistoryView;
import org.convlens.ui.FloatData;
import org.convlens.ui.MainLayout;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The permalink of an experiment: what was run, on what, and its result redrawn from the stored arrays. */
@Route(value = "experiment/:id", layout = MainLayout.class)
@PageTitle("Experiment · ConvLens")
public class ExperimentView extends VerticalLayout implements BeforeEnterObserver {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ExperimentStore store;
    private final TechniqueRegistry techniques;

    public ExperimentView(ExperimentStore store, TechniqueRegistry techniques) {
        this.store = store;
        this.techniques = techniques;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String id = event.getRouteParameters().get("id").orElse("");
        store.find(id).ifPresentOrElse(this::show, () -> {
            add(new H2("No experiment " + id));
            add(new Paragraph("It may have been deleted, or the link is mistyped."), new RouterLink("All experiments", HistoryView.class));
        });
    }

    private void show(Experiment experiment) {
        String title = techniques.all().stream().filter(t -> t.id().equals(experiment.method())).map(t -> t.title()).findFirst().orElse(experiment.method());
        add(new H2(title + " — " + experiment.modelName()));
        Div meta = new Div();
        meta.setId("experiment-meta");
        meta.add(new Paragraph("Experiment " + experiment.id() + " · " + experiment.status() + " · started " + TIME.format(experiment.createdAt())
                + (experiment.durationMs() == null ? "" : String.format(" · %.2f s", experiment.durationMs() / 1000.0)) + " · from " + experiment.source()));
        meta.add(new Paragraph("Model " + experiment.modelName() + " (sha256 " + experiment.modelId().substring(0, 12) + "…) · parameters " + experiment.paramsJson()));
        meta.add(new Paragraph("Images: " + String.join(", ", experiment.inputs().stream().map(Experiment.Input::name).toList())));
        add(meta);
        if (experiment.status() == Experiment.Status.FAILED) {
            Span error = new Span("This run failed: " + experiment.error());
            error.setId("experiment-error");
            error.getStyle().set("color", "var(--lumo-error-text-color)");
            add(error);
            return;
        }
        if (experiment.status() == Experiment.Status.RUNNING) {
            add(new Paragraph("Still running; reload the page to see the result."));
            return;
        }
        add(new ResultPanel(shown(experiment)));
    }

    private ShownResult shown(Experiment experiment) {
        Map<String, Object> summary = parse(experiment.summaryJson());
        @SuppressWarnings("unchecked") List<Map<String, Object>> perImage = (List<Map<String, Object>>) summary.getOrDefault("images", List.of());
        @SuppressWarnings("unchecked") Map<String, Object> facts = (Map<String, Object>) summary.getOrDefault("facts", Map.of());
        @SuppressWarnings("unchecked") List<String> labels = (List<String>) summary.getOrDefault("labels", List.of());
        List<ShownResult.ShownImage> images = new ArrayList<>();
        for (Experiment.Input input : experiment.inputs()) {
            String dataUrl = store.imagePng(input.imageId()).map(FloatData::pngDataUrl).orElse("");
            images.add(new ShownResult.ShownImage(input.name(), dataUrl, input.notes()));
        }
        return new ShownResult(experiment.method(), store.arrays(experiment.id()), perImage, facts, images, labels);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }
}
