package org.convlens.analysis.ui;

import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.convlens.base.Tensor;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.ui.MainLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Stored experiments side by side: attribution maps over their images, optionally on one colour scale (same image and
 * different methods, or same method and different models); other results as their own panels next to each other.
 */
@Route(value = "compare", layout = MainLayout.class)
@PageTitle("Compare · ConvLens")
@PermitAll
public class CompareView extends VerticalLayout implements BeforeEnterObserver {

    /** Results that are pictures, galleries or tables, not one map over an input image. */
    private static final Set<String> NOT_MAPS = Set.of("activations", "class-model", "unit-visualization", "inversion", "minimal-image", "topk",
            "dissect", "ablation");

    private final ExperimentStore store;
    private final ShownResults results;

    public CompareView(ExperimentStore store, ShownResults results) {
        this.store = store;
        this.results = results;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        List<String> ids = event.getLocation().getQueryParameters().getSingleParameter("ids").map(s -> Arrays.asList(s.split(","))).orElse(List.of());
        List<Experiment> experiments = ids.stream().map(store::find).flatMap(java.util.Optional::stream)
                .filter(e -> e.status() == Experiment.Status.DONE || e.status() == Experiment.Status.CANCELLED).toList();
        add(new H2("Comparison of " + experiments.size() + " experiments"));
        if (experiments.size() < ids.size()) add(new Paragraph((ids.size() - experiments.size()) + " of the chosen experiments are gone or have no result."));
        Div links = new Div();
        links.setId("compared-experiments");
        for (Experiment e : experiments) links.add(new Anchor("experiment/" + e.id(), e.displayTitle()), new com.vaadin.flow.component.html.Span(" · "));
        add(links);
        if (experiments.isEmpty()) return;
        if (experiments.stream().allMatch(this::isMap)) {
            List<Comparison.Entry> entries = new ArrayList<>();
            for (Experiment e : experiments) {
                ShownResult shown = results.shown(e);
                Tensor main = shown.arrays().values().iterator().next();
                Tensor first = new Tensor(new int[]{1, main.dim(1), main.dim(2), main.dim(3)},
                        Arrays.copyOf(main.data(), main.dim(1) * main.dim(2) * main.dim(3)));
                boolean signed = false;
                for (float v : first.data()) signed |= v < 0;
                entries.add(new Comparison.Entry(e.displayTitle() + " (" + e.method() + ", " + e.modelName() + ")", first, signed,
                        shown.images().isEmpty() ? null : shown.images().get(0).dataUrl()));
            }
            Comparison comparison = new Comparison(entries, "");
            comparison.setId("experiment-comparison");
            add(new Paragraph("Each map over its own input image (the first image of each experiment); tick the box to put them on one colour scale."), comparison);
            return;
        }
        add(new Paragraph("These results are not all maps over an image, so each is drawn on its own scale."));
        FlexLayout columns = new FlexLayout();
        columns.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        columns.getStyle().set("gap", "var(--lumo-space-l)");
        for (Experiment e : experiments) {
            VerticalLayout column = new VerticalLayout(new H3(e.displayTitle()), new ResultPanel(results.shown(e)));
            column.setWidth("min(100%, 560px)");
            column.addClassName("compared-panel");
            columns.add(column);
        }
        add(columns);
    }

    private boolean isMap(Experiment experiment) {
        if (NOT_MAPS.contains(experiment.method())) return false;
        Tensor main = store.array(experiment.id(), null).orElse(null);
        return main != null && main.rank() == 4 && main.dim(2) > 1 && main.dim(3) > 1;
    }
}
