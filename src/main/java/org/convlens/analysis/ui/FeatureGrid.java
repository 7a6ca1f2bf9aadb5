package org.convlens.analysis.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.shared.Registration;
import org.convlens.ui.FloatData;

/** Java side of {@code <cl-feature-grid>}: all channels of a layer for one image. */
@Tag("cl-feature-grid")
@JsModule("./components/cl-feature-grid.ts")
public class FeatureGrid extends Component {

    public FeatureGrid(float[] values, int offset, int channels, int rows, int cols, String imageDataUrl) {
        getElement().setProperty("channels", channels);
        getElement().setProperty("rows", rows);
        getElement().setProperty("cols", cols);
        getElement().setProperty("values", FloatData.base64(values, offset, channels * rows * cols));
        if (imageDataUrl != null) getElement().setProperty("image", imageDataUrl);
    }

    public Registration addChannelSelectedListener(ComponentEventListener<ChannelSelected> listener) {
        return addListener(ChannelSelected.class, listener);
    }

    /** The user clicked a channel's map. */
    @DomEvent("channel-selected")
    public static class ChannelSelected extends ComponentEvent<FeatureGrid> {
        private final int channel;

        public ChannelSelected(FeatureGrid source, boolean fromClient, @EventData("event.detail.channel") int channel) {
            super(source, fromClient);
            this.channel = channel;
        }

        public int channel() {
            return channel;
        }
    }
}
