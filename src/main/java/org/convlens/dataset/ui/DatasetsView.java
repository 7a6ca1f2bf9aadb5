package org.convlens.dataset.ui;

import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import org.convlens.base.UserInputException;
import org.convlens.dataset.ConceptMasks;
import org.convlens.dataset.DatasetArchive;
import org.convlens.dataset.DatasetStore;
import org.convlens.dataset.ImageDataset;
import org.convlens.job.JobRunner;
import org.convlens.model.ImagePreprocessor;
import org.convlens.ui.FloatData;
import org.convlens.ui.ConfirmDelete;
import org.convlens.ui.MainLayout;

import java.util.List;
import java.util.concurrent.CompletionException;

/** Upload dataset ZIPs, see what each holds (and what an upload refused), delete uploads. */
@Route(value = "datasets", layout = MainLayout.class)
@PageTitle("Datasets · ConvLens")
@PermitAll
public class DatasetsView extends VerticalLayout {

    private static final java.time.format.DateTimeFormatter ADDED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault());
    private static final int PREVIEW = 16;

    private final DatasetStore datasets;
    private final Grid<DatasetStore.DatasetInfo> grid = new Grid<>();
    private final Div message = new Div();
    private final ProgressBar progress = new ProgressBar();
    private final VerticalLayout details = new VerticalLayout();

    public DatasetsView(DatasetStore datasets, JobRunner jobs) {
        this.datasets = datasets;
        Upload upload = new Upload(UploadHandler.toTempFile((metadata, file) -> {
            String name = metadata.fileName();
            UI ui = UI.getCurrent();
            ui.access(() -> {
                showMessage("Checking " + name + "…", false);
                progress.setVisible(true);
            });
            jobs.submit("dataset " + name, sink -> {
                try {
                    return datasets.upload(name, file.toPath(), sink);
                } finally {
                    file.delete();
                }
            }).result().whenComplete((result, failure) -> ui.access(() -> uploaded(name, result, failure)));
        }));
        upload.setAcceptedFileTypes(".zip");
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, DatasetStore.MAX_UPLOAD_BYTES));
        upload.setId("dataset-upload");
        upload.addFileRejectedListener(e -> showMessage(e.getErrorMessage(), true));
        message.setId("dataset-upload-message");
        message.getStyle().set("white-space", "pre-wrap");
        progress.setIndeterminate(true);
        progress.setVisible(false);

        grid.setId("datasets");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(DatasetStore.DatasetInfo::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(d -> String.format("%,d", d.images())).setHeader("Images").setAutoWidth(true);
        grid.addColumn(d -> d.classes().size()).setHeader("Classes").setAutoWidth(true);
        grid.addColumn(d -> d.concepts() == 0 ? "—" : d.concepts() + " concepts").setHeader("Masks").setAutoWidth(true);
        grid.addColumn(d -> d.builtIn() ? "built-in" : ADDED.format(d.createdAt())).setHeader("Added").setAutoWidth(true);
        grid.addComponentColumn(d -> {
            if (d.builtIn()) return new Span();
            Button delete = new Button("Delete", click -> confirmDelete(d));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            delete.setId("delete-" + d.id());
            return delete;
        }).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.asSingleSelect().addValueChangeListener(e -> show(e.getValue()));

        add(new H2("Datasets"),
                new Paragraph("Upload a ZIP of images (PNG, JPEG, GIF, BMP): in class-named folders, or anywhere with a labels.csv "
                        + "(file,label). For network dissection add segmentation masks: masks/<image path>.png whose pixel values are "
                        + "concept ids (in an RGB mask each of R, G and B is its own label layer), and a concepts.csv (id,name,category). "
                        + "Every entry is checked; anything else is refused and listed."),
                upload, progress, message, grid, details);
        refresh();
    }

    private void refresh() {
        grid.setItems(datasets.list());
    }

    private void uploaded(String name, DatasetStore.Upload result, Throwable failure) {
        progress.setVisible(false);
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            showMessage(name + " was not added: " + (cause instanceof UserInputException ? cause.getMessage() : cause.toString()), true);
            return;
        }
        StringBuilder text = new StringBuilder(name + " added: " + result.dataset().describe() + ".");
        if (!result.rejected().isEmpty()) text.append("\nRefused ").append(result.rejected().size()).append(" entries (see below).");
        showMessage(text.toString(), false);
        refresh();
        grid.select(result.dataset());
    }

    private void showMessage(String text, boolean error) {
        message.setText(text);
        message.getStyle().set("color", error ? "var(--lumo-error-text-color)" : "var(--lumo-success-text-color)");
        message.getElement().setAttribute("data-error", String.valueOf(error));
    }

    private void confirmDelete(DatasetStore.DatasetInfo dataset) {
        ConfirmDelete.ask("Delete " + dataset.name() + "?", "Its " + dataset.images()
                + " images are removed from this instance. Experiments that used it keep their results.", () -> {
            datasets.delete(dataset.id());
            details.removeAll();
            refresh();
            showMessage(dataset.name() + " deleted.", false);
        });
    }

    /** The first images with their labels, the concepts and what the upload refused. */
    private void show(DatasetStore.DatasetInfo info) {
        details.removeAll();
        if (info == null) return;
        ImageDataset dataset = datasets.open(info.id(), PREVIEW);
        details.setId("dataset-details");
        details.add(new H3(info.describe()));
        FlexLayout images = new FlexLayout();
        images.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        images.getStyle().set("gap", "var(--lumo-space-s)");
        for (int i = 0; i < dataset.size(); i++) {
            Image image = new Image(FloatData.pngDataUrl(ImagePreprocessor.toPng(dataset.image(i))), dataset.name(i));
            image.setWidth("72px");
            image.getStyle().set("image-rendering", "pixelated");
            int label = dataset.label(i);
            Div figure = new Div(image, new Div(new Span(label < 0 ? "unlabelled" : dataset.classNames().get(label))));
            figure.addClassName("dataset-thumbnail");
            figure.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("width", "80px");
            images.add(figure);
        }
        details.add(images);
        ConceptMasks concepts = dataset.concepts();
        if (concepts != null) {
            details.add(new Paragraph("Concepts: " + String.join(", ", concepts.concepts().stream().map(c -> c.name() + " (" + c.category() + ")").toList())));
        }
        if (!info.classes().isEmpty()) details.add(new Paragraph("Classes: " + String.join(", ", info.classes())));
        List<DatasetArchive.Rejected> rejected = info.builtIn() ? List.of() : datasets.rejected(info.id());
        if (!rejected.isEmpty()) {
            UnorderedList list = new UnorderedList();
            list.setId("rejected-entries");
            rejected.forEach(r -> list.add(new ListItem(r.entry() + ": " + r.reason())));
            details.add(new Paragraph("Refused at upload:"), list);
        }
    }
}
