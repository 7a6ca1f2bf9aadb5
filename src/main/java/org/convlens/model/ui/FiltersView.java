package org.convlens.model.ui;

import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.convlens.base.Tensor;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.convlens.model.StoredModel;
import org.convlens.ui.MainLayout;

/**
 * The learned filters: the first convolution's kernels as small images (in colour when they read RGB),
 * deeper kernels as a grid of filter × input channel, on one shared scale or one scale per filter.
 */
@Route(value = "filters", layout = MainLayout.class)
@PageTitle("Filters · ConvLens")
@PermitAll
public class FiltersView extends VerticalLayout {

    private final ModelRegistry models;
    private final Select<StoredModel> model = new Select<>();
    private final Select<String> layer = new Select<>();
    private final Checkbox shared = new Checkbox("One scale for all filters", true);
    private final Div grid = new Div();
    private final Paragraph note = new Paragraph();
    private FilterGrid filters;

    public FiltersView(ModelRegistry models) {
        this.models = models;
        model.setLabel("Model");
        model.setItems(models.list());
        model.setItemLabelGenerator(StoredModel::name);
        model.setId("filters-model");
        layer.setLabel("Convolution layer");
        layer.setId("filters-layer");
        shared.setId("filters-shared");
        model.addValueChangeListener(e -> chooseModel());
        layer.addValueChangeListener(e -> draw());
        shared.addValueChangeListener(e -> {
            if (filters != null) filters.setSharedScale(shared.getValue());
        });
        grid.setId("filters");
        HorizontalLayout controls = new HorizontalLayout(model, layer, shared);
        controls.setAlignItems(Alignment.BASELINE);
        add(new H2("Filters"), controls, note, grid);
        models.builtIn().or(() -> models.list().stream().findFirst()).ifPresent(model::setValue);
    }

    private void chooseModel() {
        if (model.getValue() == null) return;
        LoadedModel loaded = models.load(model.getValue().id());
        layer.setItems(loaded.network().convolutionLayers());
        layer.setValue(loaded.network().convolutionLayers().isEmpty() ? null : loaded.network().convolutionLayers().get(0));
        if (loaded.network().convolutionLayers().isEmpty()) {
            grid.removeAll();
            note.setText("This model has no convolution layer.");
        }
    }

    private void draw() {
        grid.removeAll();
        if (model.getValue() == null || layer.getValue() == null) return;
        LoadedModel loaded = models.load(model.getValue().id());
        Tensor kernels = loaded.network().kernels(layer.getValue());
        boolean colour = kernels.dim(1) == 3;
        note.setText(colour ? "Each filter in colour: its red, green and blue weights, grey at zero."
                : "One row per filter, one tile per input channel: blue negative, white zero, red positive.");
        filters = new FilterGrid(kernels, colour);
        filters.setSharedScale(shared.getValue());
        grid.add(filters);
    }
}
