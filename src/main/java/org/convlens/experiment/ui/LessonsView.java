package org.convlens.experiment.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.listbox.ListBox;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.convlens.base.UserInputException;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.LessonStore;
import org.convlens.ui.CurrentUser;
import org.convlens.ui.MainLayout;

/** Lessons for class: an ordered list of experiments with captions, edited here and presented full-screen. */
@Route(value = "lessons", layout = MainLayout.class)
@PageTitle("Lessons · ConvLens")
@PermitAll
public class LessonsView extends HorizontalLayout {

    private final LessonStore lessons;
    private final ExperimentStore store;
    private final ListBox<LessonStore.Lesson> list = new ListBox<>();
    private final VerticalLayout editor = new VerticalLayout();
    private final Div message = new Div();

    public LessonsView(LessonStore lessons, ExperimentStore store) {
        this.lessons = lessons;
        this.store = store;
        setSizeFull();
        TextField title = new TextField("New lesson");
        title.setPlaceholder("title");
        title.setId("lesson-title");
        Button create = new Button("Create", click -> {
            try {
                LessonStore.Lesson lesson = lessons.create(title.getValue(), CurrentUser.name());
                title.clear();
                refresh();
                list.setValue(list.getListDataView().getItems().filter(l -> l.id().equals(lesson.id())).findFirst().orElse(null));
            } catch (UserInputException e) {
                message.setText(e.getMessage());
            }
        });
        create.setId("create-lesson");
        list.setId("lessons");
        list.setItemLabelGenerator(LessonStore.Lesson::title);
        list.addValueChangeListener(e -> edit(e.getValue()));
        message.setId("lesson-message");
        HorizontalLayout form = new HorizontalLayout(title, create);
        form.setAlignItems(Alignment.BASELINE);
        VerticalLayout side = new VerticalLayout(new H2("Lessons"), form, message, list);
        side.setWidth("340px");
        add(side, editor);
        setFlexGrow(1, editor);
        refresh();
    }

    private void refresh() {
        list.setItems(lessons.list());
    }

    private void edit(LessonStore.Lesson chosen) {
        editor.removeAll();
        if (chosen == null) return;
        LessonStore.Lesson lesson = lessons.get(chosen.id());
        Button present = new Button("Present", click -> {
            // the click is the user gesture a browser needs before it allows full screen
            UI.getCurrent().getPage().executeJs("document.documentElement.requestFullscreen && document.documentElement.requestFullscreen().catch(() => {})");
            UI.getCurrent().navigate("present/" + lesson.id());
        });
        present.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        present.setId("present");
        present.setEnabled(!lesson.items().isEmpty());
        editor.add(new H3(lesson.title()), new Paragraph("Add experiments here by id or permalink, or from History (select, then Add to lesson). "
                + "Captions are what the class reads; present with the arrow keys."), present);
        int index = 0;
        for (LessonStore.Item item : lesson.items()) {
            index++;
            Experiment experiment = store.find(item.experimentId()).orElse(null);
            TextField caption = new TextField();
            caption.setValue(item.caption() == null ? "" : item.caption());
            caption.setPlaceholder("caption");
            caption.setWidth("28em");
            caption.addClassName("lesson-caption");
            caption.addValueChangeListener(e -> lessons.caption(lesson.id(), item.position(), e.getValue()));
            Button up = new Button("↑", click -> {
                lessons.move(lesson.id(), item.position(), -1);
                edit(lesson);
            });
            Button down = new Button("↓", click -> {
                lessons.move(lesson.id(), item.position(), 1);
                edit(lesson);
            });
            Button remove = new Button("Remove", click -> {
                lessons.remove(lesson.id(), item.position());
                edit(lesson);
            });
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            HorizontalLayout row = new HorizontalLayout(new Span(index + "."),
                    new Anchor("experiment/" + item.experimentId(), experiment == null ? item.experimentId() : experiment.displayTitle()), caption, up, down, remove);
            row.setAlignItems(Alignment.BASELINE);
            row.addClassName("lesson-item");
            editor.add(row);
        }
        TextField experimentId = new TextField("Experiment id or permalink");
        experimentId.setId("add-experiment-id");
        TextField caption = new TextField("Caption");
        caption.setId("add-caption");
        caption.setWidth("28em");
        Button add = new Button("Add", click -> {
            try {
                String id = experimentId.getValue().strip().replaceFirst(".*/", "");
                lessons.append(lesson.id(), id, caption.getValue());
                edit(lesson);
            } catch (UserInputException e) {
                message.setText(e.getMessage());
            }
        });
        add.setId("add-to-lesson");
        HorizontalLayout adder = new HorizontalLayout(experimentId, caption, add);
        adder.setAlignItems(Alignment.BASELINE);
        Button delete = new Button("Delete lesson", click -> {
            lessons.delete(lesson.id());
            editor.removeAll();
            refresh();
        });
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        editor.add(adder, delete);
    }
}
