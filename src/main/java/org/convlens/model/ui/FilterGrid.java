package org.convlens.model.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import org.convlens.base.Tensor;
import org.convlens.ui.FloatData;

/** Java side of {@code <cl-filter-grid>}: convolution kernels drawn as small images. */
@Tag("cl-filter-grid")
@JsModule("./components/cl-filter-grid.ts")
public class FilterGrid extends Component {

    public FilterGrid(Tensor kernels, boolean colour) {
        getElement().setProperty("outputs", kernels.dim(0));
        getElement().setProperty("inputs", kernels.dim(1));
        getElement().setProperty("kh", kernels.dim(2));
        getElement().setProperty("kw", kernels.dim(3));
        getElement().setProperty("rgb", colour);
        getElement().setProperty("values", FloatData.base64(kernels.data(), 0, kernels.data().length));
    }

    public void setSharedScale(boolean shared) {
        getElement().setProperty("scaling", shared ? "shared" : "per-filter");
    }
}
