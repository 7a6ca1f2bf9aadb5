package org.convlens.analysis.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import org.convlens.analysis.InputImage;
import org.convlens.base.UserInputException;
import org.convlens.dataset.BuiltInData;
import org.convlens.dataset.GrayImageSet;
import org.convlens.model.ImagePreprocessor;
import org.convlens.ui.FloatData;

import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.stream.IntStream;

/** Chooses the input image: a sample photo, a Fashion-MNIST test image by class, or an upload. */
class ImagePicker extends VerticalLayout {

    static final String SAMPLE = "Sample photo";
    static final String DATASET = "Fashion-MNIST test image";
    static final String UPLOAD = "Upload";

    private final RadioButtonGroup<String> source = new RadioButtonGroup<>("Image");
    private final Select<String> sample = new Select<>();
    private final Select<Integer> fashionClass = new Select<>();
    private final IntegerField nth = new IntegerField("Which one of the class (0–999)");
    private final Upload upload;
    private final Div uploadError = new Div();
    private final Image preview = new Image();
    private final Span previewCaption = new Span();
    private final Runnable onChange;
    private InputImage uploaded;
    private InputImage current;

    ImagePicker(Runnable onChange) {
        this.onChange = onChange;
        setPadding(false);
        setSpacing(false);
        source.setItems(SAMPLE, DATASET, UPLOAD);
        source.setValue(DATASET);
        source.addValueChangeListener(e -> refresh());
        source.setId("image-source");

        sample.setLabel("Photo");
        sample.setItems(BuiltInData.SAMPLE_PHOTOS);
        sample.setValue(BuiltInData.SAMPLE_PHOTOS.get(0));
        sample.addValueChangeListener(e -> refresh());
        sample.setId("sample-photo");

        fashionClass.setLabel("Class");
        fashionClass.setItems(IntStream.range(0, BuiltInData.FASHION_CLASSES.size()).boxed().toList());
        fashionClass.setItemLabelGenerator(BuiltInData.FASHION_CLASSES::get);
        fashionClass.setValue(1);
        fashionClass.addValueChangeListener(e -> refresh());
        fashionClass.setId("dataset-class");
        nth.setMin(0);
        nth.setMax(999);
        nth.setValue(0);
        nth.setStepButtonsVisible(true);
        nth.addValueChangeListener(e -> refresh());

        upload = new Upload();
        upload.setUploadHandler(UploadHandler.inMemory((metadata, bytes) -> {
            try {
                uploaded = new InputImage(metadata.fileName(), ImagePreprocessor.decode(bytes));
                uploadError.setText("");
            } catch (UserInputException e) {
                uploaded = null;
                uploadError.setText(metadata.fileName() + ": " + e.getMessage());
            }
            // One image at a time: clearing the list lets the next upload replace this one.
            upload.clearFileList();
            refresh();
        }));
        upload.setAcceptedFileTypes("image/png", "image/jpeg", "image/gif", "image/bmp", ".png", ".jpg", ".jpeg", ".gif", ".bmp");
        upload.setMaxFileSize(ImagePreprocessor.MAX_BYTES);
        upload.setMaxFiles(1);
        upload.setId("image-upload");
        upload.addFileRejectedListener(e -> uploadError.setText(e.getErrorMessage()));
        uploadError.addClassName("error-text");
        uploadError.getStyle().set("color", "var(--lumo-error-text-color)");

        preview.setWidth("112px");
        preview.getStyle().set("image-rendering", "pixelated").set("border", "1px solid var(--lumo-contrast-20pct)");
        previewCaption.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        add(source, sample, fashionClass, nth, upload, uploadError, preview, previewCaption);
        choose();
    }

    Optional<InputImage> image() {
        return Optional.ofNullable(current);
    }

    void setConversionNotes(String notes) {
        previewCaption.setText(current == null ? "" : current.name() + " (" + current.image().getWidth() + "×" + current.image().getHeight()
                + (notes.isEmpty() ? ")" : "); for this model: " + notes));
    }

    private void refresh() {
        choose();
        onChange.run();
    }

    private void choose() {
        String chosen = source.getValue();
        sample.setVisible(SAMPLE.equals(chosen));
        fashionClass.setVisible(DATASET.equals(chosen));
        nth.setVisible(DATASET.equals(chosen));
        upload.setVisible(UPLOAD.equals(chosen));
        uploadError.setVisible(UPLOAD.equals(chosen));
        current = switch (chosen) {
            case SAMPLE -> sample.getValue() == null ? null
                    : new InputImage(sample.getValue() + ".png", ImagePreprocessor.decode(BuiltInData.samplePhotoPng(sample.getValue())));
            case DATASET -> datasetImage();
            default -> uploaded;
        };
        preview.setVisible(current != null);
        if (current != null) preview.setSrc(FloatData.pngDataUrl(ImagePreprocessor.toPng(current.image())));
    }

    private InputImage datasetImage() {
        if (fashionClass.getValue() == null || nth.getValue() == null || nth.getValue() < 0 || nth.getValue() > 999) return null;
        GrayImageSet test = BuiltInData.fashionMnistTest();
        int index = test.nthOfClass(fashionClass.getValue(), nth.getValue());
        BufferedImage image = BuiltInData.fashionImage(test, index);
        return new InputImage("fashion-mnist-test-" + index + " (" + BuiltInData.FASHION_CLASSES.get(fashionClass.getValue()) + ").png", image);
    }
}
