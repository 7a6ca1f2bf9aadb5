package org.convlens.analysis.ui;

import jakarta.annotation.security.PermitAll;
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
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Paragraph;
import org.convlens.analysis.AnalysisService;
import org.convlens.analysis.Deconvnet;
import org.convlens.analysis.GradCam;
import org.convlens.analysis.GuidedBackprop;
import org.convlens.analysis.GuidedGradCam;
import org.convlens.analysis.InputXGradient;
import org.convlens.analysis.IntegratedGradients;
import org.convlens.analysis.Saliency;
import org.convlens.analysis.InputImage;
import org.convlens.analysis.Technique;
import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.dataset.DatasetStore;
import org.convlens.experiment.Experiment;
import org.convlens.job.Job;
import org.convlens.job.JobRunner;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.convlens.model.StoredModel;
import org.convlens.ui.CurrentUser;
import org.convlens.ui.FloatData;
import org.convlens.ui.MainLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Choose model, image, technique and parameters; run; see the result drawn in the browser. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Analyze · ConvLens")
@PermitAll
public class AnalyzeView extends HorizontalLayout {

    private static final long PROGRESS_INTERVAL_MS = 150;

    private final ModelRegistry models;
    private final AnalysisService analysis;
    private final JobRunner jobs;
    private final DatasetStore datasets;

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
    private final CheckboxGroup<String> compared = new CheckboxGroup<>("Compare methods");
    private final Button compare = new Button("Compare");
    private Job<List<AnalysisService.Outcome>> running;
    private volatile long lastProgressPush;

    public AnalyzeView(ModelRegistry models, AnalysisService analysis, JobRunner jobs, DatasetStore datasets) {
        this.models = models;
        this.datasets = datasets;
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

        compared.setItems(List.of(Saliency.ID, InputXGradient.ID, GuidedBackprop.ID, Deconvnet.ID, IntegratedGradients.ID, GradCam.ID, GuidedGradCam.ID));
        compared.setItemLabelGenerator(id -> analysis.techniques().get(id).title());
        compared.setValue(java.util.Set.of(Saliency.ID, GuidedBackprop.ID, Deconvnet.ID, IntegratedGradients.ID, GradCam.ID));
        compared.setId("compared");
        compare.setId("compare");
        compare.addClickListener(e -> compare());
        Details comparison = new Details("Compare several methods (same image and target)", new VerticalLayout(compared, compare));
        comparison.setId("comparison-details");

        VerticalLayout form = new VerticalLayout(new H2("Analyze"), model, picker, method, parameterArea,
                new HorizontalLayout(run, cancel), progress, status, error, comparison);
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
        var technique = analysis.techniques().get(method.getValue());
        parameters = new ParameterForm(method.getValue(), loaded, analysis.techniques().parametersAsMap(technique.defaults()), datasets.list());
        parameterArea.add(parameters);
        picker.setVisible(!technique.usesDataset());
        updateNotes();
    }

    private void updateNotes() {
        LoadedModel loaded = model.getValue() == null ? null : loadedModel();
        picker.image().ifPresent(image -> picker.setConversionNotes(loaded == null ? ""
                : String.join("; ", ImagePreprocessor.prepare(image.image(), loaded.profile()).notes())));
    }

    private void start() {
        error.setText("");
        String owner = CurrentUser.name();
        LoadedModel loaded = loadedModel();
        InputImage image = picker.image().orElse(null);
        if (loaded == null || image == null) {
            error.setText(loaded == null ? "Choose a model." : "Choose an image.");
            return;
        }
        String chosenMethod = method.getValue();
        Map<String, Object> values = new LinkedHashMap<>(parameters.values());
        if (values.remove(ParameterForm.TOP_CLASSES) instanceof Integer top && top > 0) {
            values.put("classes", String.join(",", java.util.Arrays.stream(analysis.topClasses(loaded, image, top)).mapToObj(Integer::toString).toList()));
        }
        runInBackground(chosenMethod + (analysis.techniques().get(chosenMethod).usesDataset() ? "" : " on " + image.name()),
                progressSink -> List.of(analysis.analyze(loaded, List.of(image), chosenMethod, values, true, Experiment.Source.UI, owner, progressSink)),
                outcomes -> {
                    resultArea.removeAll();
                    show(loaded, image, outcomes.get(0));
                });
    }

    /** Several methods for the same image and target, each saved, drawn side by side. */
    private void compare() {
        error.setText("");
        String owner = CurrentUser.name();
        LoadedModel loaded = loadedModel();
        InputImage image = picker.image().orElse(null);
        if (loaded == null || image == null || compared.getValue().isEmpty()) {
            error.setText(loaded == null ? "Choose a model." : image == null ? "Choose an image." : "Tick the methods to compare.");
            return;
        }
        Map<String, Object> target = new LinkedHashMap<>();
        parameters.values().forEach((key, value) -> {
            if (key.equals("target") || key.equals("score")) target.put(key, value);
        });
        List<String> methods = analysis.techniques().all().stream().map(Technique::id).filter(compared.getValue()::contains).toList();
        runInBackground("comparison on " + image.name(), progressSink -> {
            List<AnalysisService.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < methods.size(); i++) {
                int index = i;
                Progress part = new Progress() {
                    @Override
                    public void update(double fraction, String message) {
                        progressSink.update((index + fraction) / methods.size(), methods.get(index) + ": " + message);
                    }

                    @Override
                    public boolean cancelled() {
                        return progressSink.cancelled();
                    }
                };
                outcomes.add(analysis.analyze(loaded, List.of(image), methods.get(i), target, true, Experiment.Source.UI, owner, part));
            }
            return outcomes;
        }, outcomes -> {
            resultArea.removeAll();
            resultArea.add(new H2("Comparison — " + loaded.name()));
            List<Comparison.Entry> entries = new ArrayList<>();
            Div links = new Div();
            links.setId("comparison-links");
            for (AnalysisService.Outcome outcome : outcomes) {
                String id = outcome.result().techniqueId();
                boolean signed = !(id.equals(GradCam.ID) && !Boolean.FALSE.equals(outcome.result().facts().get("relu")));
                entries.add(new Comparison.Entry(analysis.techniques().get(id).title(), outcome.result().main(), signed));
                links.add(new Anchor("experiment/" + outcome.experimentId(), id), new Span(" "));
            }
            resultArea.add(new Paragraph(ResultPanelFacts.describe(outcomes.get(0).result().perImage().get(0), image.name())), links,
                    new Comparison(entries, FloatData.pngDataUrl(ImagePreprocessor.toPng(image.image()))));
        });
    }

    /** A backward projection from one unit, chosen on the feature-map grid, shown under the grid. */
    private void projectUnit(LoadedModel loaded, InputImage image, String technique, String layer, int channel) {
        error.setText("");
        String owner = CurrentUser.name();
        Map<String, Object> values = Map.of("layer", layer, "channel", channel);
        runInBackground(technique + " from " + layer + " channel " + channel,
                progressSink -> List.of(analysis.analyze(loaded, List.of(image), technique, values, true, Experiment.Source.UI, owner, progressSink)),
                outcomes -> show(loaded, image, outcomes.get(0)));
    }

    private void runInBackground(String title, java.util.function.Function<Progress, List<AnalysisService.Outcome>> work,
                                 java.util.function.Consumer<List<AnalysisService.Outcome>> done) {
        UI ui = UI.getCurrent();
        Job<List<AnalysisService.Outcome>> job = jobs.submit(title, work);
        running = job;
        setRunning(true);
        int[] shownPreviewStep = {-1};
        job.onUpdate(update -> {
            if (update.preview() != null && update.previewStep() != shownPreviewStep[0]) {
                shownPreviewStep[0] = update.previewStep();
                org.convlens.base.Tensor pixels = update.preview();
                int step = update.previewStep();
                ui.access(() -> showPreview(pixels, step));
            }
            long now = System.currentTimeMillis();
            if (update.state() != Job.State.RUNNING || now - lastProgressPush < PROGRESS_INTERVAL_MS) return;
            lastProgressPush = now;
            ui.access(() -> {
                progress.setValue(update.fraction());
                if (running == update) status.setText(update.message());
            });
        });
        job.result().whenComplete((outcomes, failure) -> ui.access(() -> {
            setRunning(false);
            resultArea.getChildren().filter(c -> "live-preview".equals(c.getId().orElse(null))).toList().forEach(resultArea::remove);
            if (failure != null) {
                showFailure(failure);
                return;
            }
            long millis = outcomes.stream().mapToLong(AnalysisService.Outcome::durationMs).sum();
            status.setText(String.format("done in %.1f s", millis / 1000.0));
            done.accept(outcomes);
        }));
    }

    /** The synthesized images so far, replaced at every snapshot until the run ends. */
    private void showPreview(org.convlens.base.Tensor pixels, int step) {
        resultArea.getChildren().filter(c -> "live-preview".equals(c.getId().orElse(null))).toList().forEach(resultArea::remove);
        List<String> captions = java.util.stream.IntStream.range(0, pixels.dim(0)).mapToObj(i -> "step " + step).toList();
        SynthesisView live = new SynthesisView(pixels, null, List.of(), org.convlens.base.Tensor.zeros(pixels.dim(0), 1, 1, 0), captions);
        Div container = new Div(new Paragraph("In progress: step " + step), live);
        container.setId("live-preview");
        resultArea.add(container);
    }

    private void showFailure(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = cause instanceof Progress.CancelledException ? "Cancelled." : cause instanceof UserInputException ? cause.getMessage()
                : "The run failed: " + cause;
        status.setText("");
        error.setText(message);
        if (!(cause instanceof Progress.CancelledException)) {
            Notification.show(message, 6000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    private void show(LoadedModel loaded, InputImage image, AnalysisService.Outcome outcome) {
        Anchor permalink = new Anchor("experiment/" + outcome.experimentId(), "Permalink: /experiment/" + outcome.experimentId());
        permalink.setId("permalink");
        permalink.getElement().setAttribute("data-method", outcome.result().techniqueId());
        ShownResult shown = new ShownResult(outcome.result().techniqueId(), outcome.result().arrays(), outcome.result().perImage(),
                outcome.result().facts(), outcome.images().isEmpty() ? List.of() : List.of(new ShownResult.ShownImage(image.name(),
                FloatData.pngDataUrl(ImagePreprocessor.toPng(image.image())), String.join("; ", outcome.images().get(0).notes()))), loaded.profile().labels());
        resultArea.add(new H2(analysis.techniques().get(outcome.result().techniqueId()).title() + " — " + loaded.name()), permalink,
                new ResultPanel(shown, (technique, layer, channel) -> projectUnit(loaded, image, technique, layer, channel)));
    }

    private void setRunning(boolean isRunning) {
        run.setEnabled(!isRunning);
        compare.setEnabled(!isRunning);
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
