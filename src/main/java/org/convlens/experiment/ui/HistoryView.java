package org.convlens.experiment.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.ui.MainLayout;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Every experiment, newest first, loaded page by page; a row opens its permalink. */
@Route(value = "history", layout = MainLayout.class)
@PageTitle("History · ConvLens")
public class HistoryView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public HistoryView(ExperimentStore store) {
        setSizeFull();
        Grid<Experiment> grid = new Grid<>();
        grid.setId("history");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addComponentColumn(e -> new Anchor("experiment/" + e.id(), e.id())).setHeader("Permalink").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> TIME.format(e.createdAt())).setHeader("Created").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Experiment::method).setHeader("Method").setAutoWidth(true);
        grid.addColumn(Experiment::modelName).setHeader("Model").setAutoWidth(true);
        grid.addColumn(e -> String.join(", ", e.inputs().stream().map(Experiment.Input::name).toList())).setHeader("Images").setFlexGrow(1);
        grid.addComponentColumn(e -> {
            Span status = new Span(e.status().name());
            status.getElement().getThemeList().add("badge " + switch (e.status()) {
                case DONE -> "success";
                case FAILED -> "error";
                case RUNNING, CANCELLED -> "contrast";
            });
            if (e.error() != null) status.getElement().setAttribute("title", e.error());
            return status;
        }).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.durationMs() == null ? "" : String.format("%.2f s", e.durationMs() / 1000.0)).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.source().name()).setHeader("From").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(query -> store.newest(query.getLimit(), query.getOffset()).stream(), query -> store.count());
        grid.addItemClickListener(e -> grid.getUI().ifPresent(ui -> ui.navigate("experiment/" + e.getItem().id())));
        add(new H2("History"), grid);
        setFlexGrow(1, grid);
    }
}
