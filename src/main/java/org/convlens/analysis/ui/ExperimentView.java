package org.convlens.analysis.ui;

import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.ShareStore;
import org.convlens.experiment.ui.HistoryView;
import org.convlens.ui.CurrentUser;
import org.convlens.ui.ConfirmDelete;
import org.convlens.ui.MainLayout;

import java.util.Arrays;

/**
 * The permalink of an experiment: what was run, on what, its result redrawn from the stored arrays; its title, tags
 * and notes; share links, export, figure download and delete.
 */
@Route(value = "experiment/:id", layout = MainLayout.class)
@PageTitle("Experiment · ConvLens")
@PermitAll
public class ExperimentView extends VerticalLayout implements BeforeEnterObserver {

    private final ExperimentStore store;
    private final ShareStore shares;
    private final ShownResults results;

    public ExperimentView(ExperimentStore store, ShareStore shares, ShownResults results) {
        this.store = store;
        this.shares = shares;
        this.results = results;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String id = event.getRouteParameters().get("id").orElse("");
        Experiment experiment = store.find(id).orElse(null);
        if (experiment == null) {
            event.rerouteToError(NotFoundException.class);
            return;
        }
        show(experiment);
    }

    private void show(Experiment experiment) {
        H2 heading = new H2(experiment.displayTitle());
        heading.setId("experiment-title");
        add(heading);
        Div meta = new Div();
        meta.setId("experiment-meta");
        meta.add(new Paragraph(results.title(experiment) + " · experiment " + experiment.id() + " · " + experiment.status() + " · started "
                + ShownResults.TIME.format(experiment.createdAt())
                + (experiment.durationMs() == null ? "" : String.format(" · %.2f s", experiment.durationMs() / 1000.0)) + " · from " + experiment.source()
                + (experiment.owner() == null ? "" : " · by " + experiment.owner())));
        meta.add(new Paragraph("Model " + experiment.modelName() + " (sha256 " + experiment.modelId().substring(0, Math.min(12, experiment.modelId().length()))
                + "…) · parameters " + experiment.paramsJson()));
        if (!experiment.inputs().isEmpty()) meta.add(new Paragraph("Images: " + String.join(", ", experiment.inputs().stream().map(Experiment.Input::name).toList())));
        add(meta, annotations(experiment), actions(experiment));
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
        add(new ResultPanel(results.shown(experiment)));
    }

    /** Title, tags and notes, saved together. */
    private Div annotations(Experiment experiment) {
        TextField title = new TextField("Title");
        title.setValue(experiment.title() == null ? "" : experiment.title());
        title.setPlaceholder(experiment.displayTitle());
        title.setId("edit-title");
        title.setWidth("24em");
        TextField tags = new TextField("Tags (comma-separated)");
        tags.setValue(String.join(", ", experiment.tags()));
        tags.setId("edit-tags");
        TextArea notes = new TextArea("Notes");
        notes.setValue(experiment.notes() == null ? "" : experiment.notes());
        notes.setId("edit-notes");
        notes.setWidth("40em");
        Span saved = new Span();
        saved.setId("saved");
        Button save = new Button("Save", click -> {
            store.rename(experiment.id(), title.getValue());
            store.annotate(experiment.id(), notes.getValue());
            store.tag(experiment.id(), Arrays.asList(tags.getValue().split(",")));
            saved.setText("Saved.");
            getUI().ifPresent(ui -> ui.getPage().setTitle(title.getValue().isBlank() ? "Experiment · ConvLens" : title.getValue() + " · ConvLens"));
        });
        save.setId("save-annotations");
        HorizontalLayout row = new HorizontalLayout(title, tags);
        Div container = new Div(row, notes, new HorizontalLayout(save, saved));
        container.setId("annotations");
        return container;
    }

    private Div actions(Experiment experiment) {
        Div links = new Div();
        links.setId("share-links");
        Runnable showLinks = () -> {
            links.removeAll();
            for (ShareStore.Share share : shares.live(experiment.id())) {
                Anchor link = new Anchor(share.path(), share.path());
                link.addClassName("share-link");
                Button revoke = new Button("Revoke", click -> {
                    shares.revoke(share.token());
                    links.remove(link.getParent().orElseThrow());
                });
                revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                revoke.addClassName("revoke");
                links.add(new Div(new Span("Read-only link: "), link, revoke));
            }
        };
        showLinks.run();
        Button share = new Button("Share", click -> {
            shares.create(experiment.id(), CurrentUser.name());
            showLinks.run();
        });
        share.setId("share");
        Anchor export = new Anchor("api/experiments/" + experiment.id() + "/export.zip", "Export ZIP");
        export.getElement().setAttribute("download", true);
        export.setId("export");
        Anchor figure = new Anchor("api/experiments/" + experiment.id() + "/figure.png", "Figure PNG");
        figure.getElement().setAttribute("download", true);
        figure.setId("figure");
        Button delete = new Button("Delete", click -> confirmDelete(experiment));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setId("delete");
        HorizontalLayout buttons = new HorizontalLayout(share, export, figure, delete);
        buttons.setAlignItems(Alignment.BASELINE);
        if (experiment.status() == Experiment.Status.RUNNING || experiment.status() == Experiment.Status.FAILED) {
            share.setEnabled(false);
            figure.setVisible(false);
        }
        return new Div(buttons, links);
    }

    private void confirmDelete(Experiment experiment) {
        ConfirmDelete.ask("Delete " + experiment.displayTitle() + "?", "Its result, tags, notes, share links and lesson entries are removed. "
                + "This cannot be undone.", () -> {
            store.delete(experiment.id());
            getUI().ifPresent(ui -> ui.navigate(HistoryView.class));
        });
    }
}
