package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import org.convlens.base.Tensor;
import org.convlens.ui.FloatData;

import java.util.List;
import java.util.Map;

/** Java side of {@code <cl-topk>}: the top-k images of every unit with receptive-field boxes and projections. */
@Tag("cl-topk")
@JsModule("./components/cl-topk.ts")
public class TopKView extends Component {

    public TopKView(Tensor images, Tensor projections, List<Map<String, Object>> hits, int k) {
        getElement().setProperty("k", k);
        getElement().setProperty("channels", images.dim(1));
        getElement().setProperty("height", images.dim(2));
        getElement().setProperty("width", images.dim(3));
        getElement().setProperty("images", FloatData.base64(images.data(), 0, images.data().length));
        if (projections != null) getElement().setProperty("projections", FloatData.base64(projections.data(), 0, projections.data().length));
        getElement().setPropertyJson("hits", JsonValues.of(hits));
    }
}
