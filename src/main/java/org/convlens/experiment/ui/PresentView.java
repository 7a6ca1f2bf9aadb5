package org.convlens.experiment.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.convlens.analysis.ui.ResultPanel;
import org.convlens.analysis.ui.ShownResults;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.LessonStore;

/**
 * A lesson in front of a class: one experiment at a time with its caption in large type, no navigation or editing;
 * the arrow keys (or Page Up/Down, Space) step, Escape leaves, F goes full-screen.
 */
@Route("present/:id")
@PageTitle("Lesson · ConvLens")
@PermitAll
public class PresentView extends VerticalLayout implements BeforeEnterObserver {

    private final LessonStore lessons;
    private final ExperimentStore store;
    private final ShownResults results;
    private final Div slide = new Div();
    private final Span counter = new Span();
    private LessonStore.Lesson lesson;
    private int current;

    public PresentView(LessonStore lessons, ExperimentStore store, ShownResults results) {
        this.lessons = lessons;
        this.store = store;
        this.results = results;
        setSizeFull();
        addClassName("presentation");
        getStyle().set("font-size", "1.5rem");
        slide.setId("slide");
        slide.setWidthFull();
        counter.setId("slide-counter");
        Button fullScreen = new Button("Full screen (F)", click -> goFullScreen());
        fullScreen.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout footer = new HorizontalLayout(counter, new Span("← → to step, Esc to leave"), fullScreen);
        footer.setAlignItems(Alignment.CENTER);
        footer.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "1rem");
        add(slide, footer);
        Shortcuts.addShortcutListener(this, () -> step(1), Key.ARROW_RIGHT);
        Shortcuts.addShortcutListener(this, () -> step(1), Key.PAGE_DOWN);
        Shortcuts.addShortcutListener(this, () -> step(1), Key.SPACE);
        Shortcuts.addShortcutListener(this, () -> step(-1), Key.ARROW_LEFT);
        Shortcuts.addShortcutListener(this, () -> step(-1), Key.PAGE_UP);
        Shortcuts.addShortcutListener(this, () -> UI.getCurrent().navigate(LessonsView.class), Key.ESCAPE);
        Shortcuts.addShortcutListener(this, this::goFullScreen, Key.KEY_F);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            lesson = lessons.get(event.getRouteParameters().get("id").orElse(""));
        } catch (org.convlens.base.NotFoundException e) {
            event.rerouteToError(NotFoundException.class);
            return;
        }
        current = 0;
        show();
    }

    private void goFullScreen() {
        getElement().executeJs("document.documentElement.requestFullscreen && document.documentElement.requestFullscreen().catch(() => {})");
    }

    private void step(int direction) {
        int next = current + direction;
        if (lesson == null || next < 0 || next >= lesson.items().size()) return;
        current = next;
        show();
    }

    private void show() {
        slide.removeAll();
        if (lesson.items().isEmpty()) {
            slide.add(new H1(lesson.title()), new Paragraph("This lesson has no experiments yet."));
            counter.setText("");
            return;
        }
        LessonStore.Item item = lesson.items().get(current);
        counter.setText((current + 1) + " / " + lesson.items().size());
        H1 caption = new H1(item.caption() == null || item.caption().isBlank() ? lesson.title() : item.caption());
        caption.setId("slide-caption");
        caption.getStyle().set("font-size", "2.6rem");
        slide.add(caption);
        Experiment experiment = store.find(item.experimentId()).orElse(null);
        if (experiment == null || experiment.status() == Experiment.Status.RUNNING || experiment.status() == Experiment.Status.FAILED) {
            slide.add(new Paragraph("This experiment is gone or has no result."));
            return;
        }
        slide.add(new Paragraph((experiment.title() == null ? "" : experiment.title() + " · ") + results.title(experiment) + " · " + experiment.modelName()));
        ResultPanel panel = new ResultPanel(results.shown(experiment));
        // large enough to read from the back of a classroom
        panel.getStyle().set("zoom", "1.6");
        slide.add(panel);
    }
}
