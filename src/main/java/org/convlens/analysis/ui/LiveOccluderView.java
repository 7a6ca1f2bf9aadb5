package org.convlens.analysis.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.convlens.model.StoredModel;
import org.convlens.ui.MainLayout;

/** The live occluder: drag a gray square over an image and watch the class probabilities follow. */
@Route(value = "live", layout = MainLayout.class)
@PageTitle("Live occluder · ConvLens")
@PermitAll
public class LiveOccluderView extends HorizontalLayout {

    private final ModelRegistry models;
    private final Select<StoredModel> model = new Select<>();
    private final IntegerField size = new IntegerField("Square (model pixels)");
    private final ImagePicker picker;
    private final Div stage = new Div();

    public LiveOccluderView(ModelRegistry models) {
        this.models = models;
        setSizeFull();
        model.setLabel("Model");
        model.setItems(models.list());
        model.setItemLabelGenerator(StoredModel::name);
        model.setId("model");
        models.builtIn().or(() -> models.list().stream().findFirst()).ifPresent(model::setValue);
        size.setValue(8);
        size.setMin(1);
        size.setStepButtonsVisible(true);
        size.setId("occluder-size");
        picker = new ImagePicker(this::rebuild);
        model.addValueChangeListener(e -> rebuild());
        size.addValueChangeListener(e -> rebuild());
        stage.setId("occluder-stage");
        VerticalLayout form = new VerticalLayout(new H2("Live occluder"), new Paragraph("Press and drag on the image: a gray square hides "
                + "that part, the network runs once per position, and the probabilities follow (Zeiler & Fergus's occlusion experiment, live)."),
                model, picker, size);
        form.setWidth("380px");
        add(form, stage);
        setFlexGrow(1, stage);
        rebuild();
    }

    private void rebuild() {
        stage.removeAll();
        if (model.getValue() == null || picker == null) return;
        LoadedModel loaded = models.load(model.getValue().id());
        picker.image().ifPresent(image -> {
            Occluder occluder = new Occluder(loaded, image.image(), size.getValue() == null ? 8 : size.getValue());
            occluder.setId("occluder");
            stage.add(occluder);
        });
    }
}
