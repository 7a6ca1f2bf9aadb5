package org.convlens.model.ui;

import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import org.convlens.base.UserInputException;
import org.convlens.engine.InputSpec;
import org.convlens.engine.LayerInfo;
import org.convlens.job.JobRunner;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelProfile;
import org.convlens.model.ModelRegistry;
import org.convlens.model.StoredModel;
import org.convlens.ui.MainLayout;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;

/** Upload models, inspect their layers (and graph), and set how images are fed to them. */
@Route(value = "models", layout = MainLayout.class)
@PageTitle("Models · ConvLens")
@PermitAll
public class ModelsView extends VerticalLayout {

    private static final java.time.format.DateTimeFormatter ADDED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault());

    private final ModelRegistry models;
    private final Grid<StoredModel> grid = new Grid<>();
    private final Div uploadMessage = new Div();
    private final VerticalLayout inspector = new VerticalLayout();

    public ModelsView(ModelRegistry models, JobRunner jobs) {
        this.models = models;
        Upload upload = new Upload(UploadHandler.toTempFile((metadata, file) -> {
            String name = metadata.fileName();
            UI ui = UI.getCurrent();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.toPath());
            } finally {
                Files.deleteIfExists(file.toPath());
            }
            showUploadMessage("Reading " + name + "…", false);
            jobs.submit("import " + name, progress -> models.register(name, bytes)).result()
                    .whenComplete((model, failure) -> ui.access(() -> uploaded(name, model, failure)));
        }));
        upload.setAcceptedFileTypes(".h5", ".hdf5", ".keras", ".zip");
        upload.setMaxFileSize((int) ModelRegistry.MAX_MODEL_BYTES);
        upload.setId("model-upload");
        upload.addFileRejectedListener(e -> showUploadMessage(e.getErrorMessage(), true));
        uploadMessage.setId("model-upload-message");

        grid.setId("models");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(StoredModel::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(StoredModel::kind).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(m -> m.profile().describe()).setHeader("Input").setFlexGrow(2);
        grid.addColumn(m -> m.profile().labels().size()).setHeader("Classes").setAutoWidth(true);
        grid.addColumn(m -> ADDED.format(m.createdAt())).setHeader("Added").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.asSingleSelect().addValueChangeListener(e -> inspect(e.getValue()));

        add(new H2("Models"),
                new Paragraph("Upload a Keras 2.x HDF5 model (Sequential or functional, saved with model.save) or a DL4J model zip "
                        + "(MultiLayerNetwork or ComputationGraph). ConvLens reads only the network configuration and weights."),
                upload, uploadMessage, grid, inspector);
        refresh();
        models.builtIn().ifPresent(grid::select);
    }

    private void refresh() {
        grid.setItems(models.list());
    }

    private void uploaded(String name, StoredModel model, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String message = cause instanceof UserInputException ? cause.getMessage() : cause.toString();
            showUploadMessage(name + " was not added: " + message, true);
            return;
        }
        showUploadMessage(name + " added: " + model.kind() + ", input " + model.profile().describe() + ".", false);
        refresh();
        grid.select(model);
    }

    private void showUploadMessage(String text, boolean error) {
        uploadMessage.setText(text);
        uploadMessage.getStyle().set("color", error ? "var(--lumo-error-text-color)" : "var(--lumo-success-text-color)");
        uploadMessage.getElement().setAttribute("data-error", String.valueOf(error));
    }

    private void inspect(StoredModel model) {
        inspector.removeAll();
        if (model == null) return;
        LoadedModel loaded;
        try {
            loaded = models.load(model.id());
        } catch (UserInputException e) {
            inspector.add(new Paragraph("Cannot load " + model.name() + ": " + e.getMessage()));
            return;
        }
        inspector.add(new H3(model.name()), new Paragraph(model.kind() + " · " + loaded.network().numParams() + " parameters · sha256 " + model.id()));
        inspector.add(profileForm(model));
        Grid<LayerInfo> layers = new Grid<>();
        layers.setId("layers");
        layers.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        layers.addColumn(LayerInfo::name).setHeader("Layer").setAutoWidth(true);
        layers.addColumn(LayerInfo::type).setHeader("Type").setAutoWidth(true);
        layers.addColumn(LayerInfo::activation).setHeader("Activation").setAutoWidth(true);
        layers.addColumn(LayerInfo::outputShapeText).setHeader("Output (C × H × W)").setAutoWidth(true);
        layers.addColumn(LayerInfo::parameters).setHeader("Parameters").setAutoWidth(true);
        layers.addColumn(l -> String.join(", ", l.inputs())).setHeader("Inputs").setFlexGrow(1);
        layers.setItems(loaded.network().layers());
        layers.setAllRowsVisible(true);
        inspector.add(new H3("Layers"), layers);
        if (loaded.network().isGraph()) {
            LayerGraph graph = new LayerGraph(loaded.network().inputName(), loaded.network().layers());
            graph.setId("graph");
            inspector.add(new H3("Graph"), graph);
        }
    }

    private FormLayout profileForm(StoredModel model) {
        ModelProfile profile = model.profile();
        IntegerField height = new IntegerField("Height");
        height.setValue(profile.height());
        IntegerField width = new IntegerField("Width");
        width.setValue(profile.width());
        Select<Integer> channels = new Select<>();
        channels.setLabel("Channels");
        channels.setItems(1, 3);
        channels.setValue(profile.channels());
        Select<InputSpec.Layout> layout = new Select<>();
        layout.setLabel("Layout");
        layout.setItems(InputSpec.Layout.values());
        layout.setValue(profile.layout());
        NumberField scale = new NumberField("Pixel scale");
        scale.setValue(profile.pixelScale());
        TextField mean = new TextField("Mean per channel");
        mean.setValue(join(profile.mean()));
        TextField std = new TextField("Std per channel");
        std.setValue(join(profile.std()));
        TextArea labels = new TextArea("Class labels (one per line)");
        labels.setValue(String.join("\n", profile.labels()));
        Button save = new Button("Save preprocessing", e -> {
            try {
                ModelProfile changed = new ModelProfile(value(height), value(width), channels.getValue(), layout.getValue(),
                        scale.getValue() == null ? 0 : scale.getValue(), parse(mean.getValue()), parse(std.getValue()),
                        Arrays.stream(labels.getValue().split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList());
                StoredModel saved = models.updateProfile(model.id(), changed);
                Notification.show("Saved: " + saved.profile().describe());
                refresh();
            } catch (UserInputException ex) {
                Notification.show(ex.getMessage(), 6000, Notification.Position.MIDDLE);
            }
        });
        FormLayout form = new FormLayout(height, width, channels, layout, scale, mean, std, labels, save);
        form.setColspan(labels, 2);
        return form;
    }

    private static int value(IntegerField field) {
        if (field.getValue() == null) throw new UserInputException(field.getLabel() + " is required");
        return field.getValue();
    }

    private static String join(double[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(Double::toString).toList());
    }

    private static double[] parse(String text) {
        List<String> parts = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        try {
            return parts.stream().mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new UserInputException("mean and std take numbers separated by commas");
        }
    }
}
