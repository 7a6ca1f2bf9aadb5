package org.convlens.analysis.ui;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.convlens.analysis.AnalysisService;
import org.convlens.analysis.InputImage;
import org.convlens.analysis.Technique;
import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.experiment.Experiment;
import org.convlens.job.Job;
import org.convlens.job.JobRunner;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.convlens.model.StoredModel;
import org.convlens.ui.FloatData;
import org.convlens.ui.MainLayout;

import java.util.List;

/** Choose model, image, technique and parameters; run; see the result drawn in the browser. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Analyze · ConvLens")
public class AnalyzeView extends HorizontalLayout {

    private static final long PROGRESS_INTERVAL_MS = 150;

    private final ModelRegistry models;
    private final AnalysisService analysis;
    private final JobRunner jobs;

    private final Select<StoredModel> model = new Select<>();
    private final Select<String> method = new Select<>();
    private final Div parameterArea = new Div();
    private final ImagePicker picker;
    private final Button run = new Button("Run");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar();
    private final Span status = new Span();
    private final Div error = new Div();
    private final VerticalLayout resultArea = new VerticalLayout();
    private ParameterForm parameters;
    private Job<AnalysisService.Outcome> running;
    private volatile long lastProgressPush;

    public AnalyzeView(ModelRegistry models, AnalysisService analysis, JobRunner jobs) {
        this.models = models;
        this.analysis = analysis;
        this.jobs = jobs;
        setSizeFull();
        setAlignItems(Alignment.START);

        model.setLabel("Model");
        model.setItems(models.list());
        model.setItemLabelGenerator(StoredModel::name);
        model.setId("model");
        models.builtIn().or(() -> models.list().stream().findFirst()).ifPresent(model::setValue);
        model.setWidthFull();

        method.setLabel("Method");
        method.setItems(analysis.techniques().all().stream().map(Technique::id).toList());
        method.setItemLabelGenerator(id -> analysis.techniques().get(id).title());
        method.setValue("occlusion");
        method.setId("method");
        method.setWidthFull();

        picker = new ImagePicker(this::updateNotes);
        model.addValueChangeListener(e -> rebuildParameters());
        method.addValueChangeListener(e -> rebuildParameters());

        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        run.setId("run");
        run.addClickListener(e -> start());
        cancel.setId("cancel");
        cancel.addClickListener(e -> {
            if (running != null) running.cancel();
        });
        cancel.setEnabled(false);
        progress.setVisible(false);
        progress.setId("progress");
        status.setId("status");
        error.setId("run-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)").set("white-space", "pre-wrap");

        VerticalLayout form = new VerticalLayout(new H2("Analyze"), model, picker, method, parameterArea,
                new HorizontalLayout(run, cancel), progress, status, error);
        form.setWidth("380px");
        form.getStyle().set("flex-shrink", "0");
        resultArea.setId("result");
        resultArea.setPadding(true);
        add(form, resultArea);
        setFlexGrow(1, resultArea);
        rebuildParameters();
    }

    private LoadedModel loadedModel() {
        return model.getValue() == null ? null : models.load(model.getValue().id());
    }

    private void rebuildParameters() {
        parameterArea.removeAll();
        LoadedModel loaded;
        try {
            loaded = loadedModel();
        } catch (UserInputException e) {
            error.setText(e.getMessage());
            return;
        }
        if (loaded == null || method.getValue() == null) return;
        parameters = new ParameterForm(method.getValue(), loaded);
        parameterArea.add(parameters);
        updateNotes();
    }

    private void updateNotes() {
        LoadedModel loaded = model.getValue() == null ? null : loadedModel();
        picker.image().ifPresent(image -> picker.setConversionNotes(loaded == null ? ""
                : String.join("; ", ImagePreprocessor.prepare(image.image(), loaded.profile()).notes())));
    }

    private void start() {
        error.setText("");
        LoadedModel loaded = loadedModel();
        InputImage image = picker.image().orElse(null);
        if (loaded == null || image == null) {
            error.setText(loaded == null ? "Choose a model." : "Choose an image.");
            return;
        }
        String chosenMethod = method.getValue();
        var values = parameters.values();
        UI ui = UI.getCurrent();
        running = jobs.submit(chosenMethod + " on " + image.name(),
                progressSink -> analysis.analyze(loaded, List.of(image), chosenMethod, values, true, Experiment.Source.UI, progressSink));
        setRunning(true);
        running.onUpdate(job -> {
            long now = System.currentTimeMillis();
            if (job.state() != Job.State.RUNNING || now - lastProgressPush < PROGRESS_INTERVAL_MS) return;
            lastProgressPush = now;
            ui.access(() -> {
                progress.setValue(job.fraction());
                if (running == job) status.setText(job.message());
            });
        });
        running.result().whenComplete((outcome, failure) -> ui.access(() -> finished(loaded, image, outcome, failure)));
    }

    private void finished(LoadedModel loaded, InputImage image, AnalysisService.Outcome outcome, Throwable failure) {
        setRunning(false);
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String message = cause instanceof Progress.CancelledException ? "Cancelled." : cause instanceof UserInputException ? cause.getMessage()
                    : "The run failed: " + cause;
            status.setText("");
            error.setText(message);
            if (!(cause instanceof Progress.CancelledException)) Notification.show(message, 6000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        status.setText(String.format("done in %.1f s", outcome.durationMs() / 1000.0));
        resultArea.removeAll();
        Anchor permalink = new Anchor("experiment/" + outcome.experimentId(), "Permalink: /experiment/" + outcome.experimentId());
        permalink.setId("permalink");
        ShownResult shown = new ShownResult(outcome.result().techniqueId(), outcome.result().arrays(), outcome.result().perImage(),
                outcome.result().facts(), List.of(new ShownResult.ShownImage(image.name(), FloatData.pngDataUrl(ImagePreprocessor.toPng(image.image())),
                String.join("; ", outcome.images().get(0).notes()))), loaded.profile().labels());
        resultArea.add(new H2(analysis.techniques().get(outcome.result().techniqueId()).title() + " — " + loaded.name()), permalink, new ResultPanel(shown));
    }

    private void setRunning(boolean isRunning) {
        run.setEnabled(!isRunning);
        cancel.setEnabled(isRunning);
        progress.setVisible(isRunning);
        progress.setValue(0);
        if (isRunning) status.setText("starting…");
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (running != null && running.state() != Job.State.DONE) running.cancel();
    }
}
