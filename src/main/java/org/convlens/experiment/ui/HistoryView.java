package org.convlens.experiment.ui;

import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import org.convlens.base.UserInputException;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentArchive;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.LessonStore;
import org.convlens.ui.ConfirmDelete;
import org.convlens.ui.MainLayout;

import java.nio.file.Files;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every experiment, newest first, loaded page by page from H2 and filtered there (text, model, method, layer, tag,
 * status, dates); select several to compare or delete them; import an exported ZIP.
 */
@Route(value = "history", layout = MainLayout.class)
@PageTitle("History · ConvLens")
@PermitAll
public class HistoryView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String ANY = "";

    private final ExperimentStore store;
    private final Grid<Experiment> grid = new Grid<>();
    private final Span total = new Span();
    private final TextField text = new TextField();
    private final Select<String> model = new Select<>();
    private final Select<String> method = new Select<>();
    private final Select<String> layer = new Select<>();
    private final Select<String> tag = new Select<>();
    private final Select<String> status = new Select<>();
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To");
    private final Div message = new Div();
    private ExperimentStore.Filter filter = ExperimentStore.Filter.ALL;

    public HistoryView(ExperimentStore store, ExperimentArchive archive, LessonStore lessons) {
        this.store = store;
        setSizeFull();
        text.setLabel("Search");
        text.setPlaceholder("title, notes, model, method or id");
        text.setValueChangeMode(ValueChangeMode.LAZY);
        text.setId("filter-text");
        Map<String, String> models = store.models();
        configure(model, "Model", "filter-model", new ArrayList<>(models.keySet()), id -> models.getOrDefault(id, id));
        configure(method, "Method", "filter-method", store.distinct("method"), m -> m);
        configure(layer, "Layer", "filter-layer", store.distinct("layer"), l -> l);
        configure(tag, "Tag", "filter-tag", store.distinct("tag"), t -> t);
        configure(status, "Status", "filter-status", java.util.Arrays.stream(Experiment.Status.values()).map(Enum::name).toList(), s -> s);
        from.setId("filter-from");
        to.setId("filter-to");
        text.addValueChangeListener(e -> applyFilter());
        from.addValueChangeListener(e -> applyFilter());
        to.addValueChangeListener(e -> applyFilter());
        Button clear = new Button("Clear", click -> {
            text.clear();
            for (Select<String> select : List.of(model, method, layer, tag, status)) select.setValue(ANY);
            from.clear();
            to.clear();
        });
        clear.setId("filter-clear");
        FlexLayout filters = new FlexLayout(text, model, method, layer, tag, status, from, to, clear);
        filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        filters.setAlignItems(Alignment.BASELINE);
        filters.getStyle().set("gap", "var(--lumo-space-s)");

        grid.setId("history");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addComponentColumn(e -> new Anchor("experiment/" + e.id(), e.displayTitle())).setHeader("Experiment").setFlexGrow(2);
        grid.addColumn(e -> TIME.format(e.createdAt())).setHeader("Created").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Experiment::method).setHeader("Method").setAutoWidth(true);
        grid.addColumn(Experiment::modelName).setHeader("Model").setAutoWidth(true);
        grid.addColumn(e -> e.layer() == null ? "" : e.layer()).setHeader("Layer").setAutoWidth(true);
        grid.addColumn(e -> String.join(", ", e.inputs().stream().map(Experiment.Input::name).toList())).setHeader("Images").setFlexGrow(1);
        grid.addComponentColumn(e -> {
            HorizontalLayout tags = new HorizontalLayout();
            tags.setSpacing(false);
            for (String t : e.tags()) {
                Span badge = new Span(t);
                badge.getElement().getThemeList().add("badge small");
                tags.add(badge);
            }
            return tags;
        }).setHeader("Tags").setAutoWidth(true);
        grid.addComponentColumn(e -> {
            Span badge = new Span(e.status().name());
            badge.getElement().getThemeList().add("badge " + switch (e.status()) {
                case DONE -> "success";
                case FAILED -> "error";
                case RUNNING, CANCELLED -> "contrast";
            });
            if (e.error() != null) badge.getElement().setAttribute("title", e.error());
            return badge;
        }).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.durationMs() == null ? "" : String.format("%.2f s", e.durationMs() / 1000.0)).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.owner() == null ? e.source().name() : e.owner()).setHeader("By").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(query -> store.search(filter, query.getLimit(), query.getOffset()).stream(), query -> {
            int count = store.count(filter);
            total.setText(String.format("%,d experiment%s", count, count == 1 ? "" : "s"));
            return count;
        });
        total.setId("history-total");

        Button compare = new Button("Compare selected", click -> {
            List<String> ids = grid.getSelectedItems().stream().map(Experiment::id).toList();
            if (ids.size() < 2) {
                showMessage("Select two or more experiments to compare.", true);
                return;
            }
            UI.getCurrent().navigate("compare", QueryParameters.simple(Map.of("ids", String.join(",", ids))));
        });
        compare.setId("compare-selected");
        Button delete = new Button("Delete selected", click -> confirmDelete(grid.getSelectedItems()));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setId("delete-selected");
        Upload importZip = new Upload(UploadHandler.toTempFile((metadata, file) -> {
            UI ui = UI.getCurrent();
            try {
                String id = archive.importZip(Files.readAllBytes(file.toPath()));
                ui.access(() -> {
                    showMessage(metadata.fileName() + " imported as experiment " + id + ".", false);
                    grid.getDataProvider().refreshAll();
                });
            } catch (UserInputException e) {
                ui.access(() -> showMessage(metadata.fileName() + " was not imported: " + e.getMessage(), true));
            } finally {
                Files.deleteIfExists(file.toPath());
            }
        }));
        importZip.setAcceptedFileTypes(".zip");
        importZip.setMaxFileSize((int) ExperimentArchive.MAX_IMPORT_BYTES);
        importZip.setUploadButton(new Button("Import ZIP"));
        importZip.setDropAllowed(false);
        importZip.setId("import-zip");
        message.setId("history-message");
        Select<LessonStore.Lesson> lesson = new Select<>();
        lesson.setPlaceholder("lesson");
        lesson.setItems(lessons.list());
        lesson.setItemLabelGenerator(LessonStore.Lesson::title);
        lesson.setId("lesson-choice");
        Button addToLesson = new Button("Add to lesson", click -> {
            if (lesson.getValue() == null || grid.getSelectedItems().isEmpty()) {
                showMessage("Select experiments and a lesson.", true);
                return;
            }
            grid.getSelectedItems().stream().sorted(java.util.Comparator.comparing(Experiment::createdAt))
                    .forEach(e -> lessons.append(lesson.getValue().id(), e.id(), e.displayTitle()));
            showMessage(grid.getSelectedItems().size() + " added to " + lesson.getValue().title() + ".", false);
        });
        addToLesson.setId("add-selected-to-lesson");
        HorizontalLayout actions = new HorizontalLayout(compare, delete, importZip, lesson, addToLesson, total);
        actions.setAlignItems(Alignment.CENTER);
        add(new H2("History"), filters, actions, message, grid);
        setFlexGrow(1, grid);
    }

    private void configure(Select<String> select, String label, String id, List<String> values, java.util.function.Function<String, String> caption) {
        List<String> items = new ArrayList<>(List.of(ANY));
        items.addAll(values);
        select.setLabel(label);
        select.setItems(items);
        select.setItemLabelGenerator(value -> value.equals(ANY) ? "any" : caption.apply(value));
        select.setValue(ANY);
        select.setId(id);
        select.addValueChangeListener(e -> applyFilter());
    }

    private static String chosen(Select<String> select) {
        return select.getValue() == null || select.getValue().equals(ANY) ? null : select.getValue();
    }

    private void applyFilter() {
        ZoneId zone = ZoneId.systemDefault();
        filter = new ExperimentStore.Filter(text.getValue(), chosen(model), chosen(method), chosen(layer), chosen(tag),
                chosen(status) == null ? null : Experiment.Status.valueOf(chosen(status)),
                from.getValue() == null ? null : from.getValue().atStartOfDay(zone).toInstant(),
                to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay(zone).toInstant());
        grid.getDataProvider().refreshAll();
    }

    private void showMessage(String text, boolean error) {
        message.setText(text);
        message.getStyle().set("color", error ? "var(--lumo-error-text-color)" : "var(--lumo-success-text-color)");
    }

    private void confirmDelete(Set<Experiment> selected) {
        if (selected.isEmpty()) {
            showMessage("Select the experiments to delete.", true);
            return;
        }
        ConfirmDelete.ask("Delete " + selected.size() + " experiment" + (selected.size() == 1 ? "" : "s") + "?",
                "Their results, tags, notes, share links and lesson entries are removed. This cannot be undone.", () -> {
            selected.forEach(e -> store.delete(e.id()));
            grid.deselectAll();
            grid.getDataProvider().refreshAll();
            showMessage(selected.size() + " deleted.", false);
        });
    }
}
