package org.convlens.model;

import java.util.List;

/**
 * An image converted for a model.
 *
 * @param modelInput channels-first values in model-input space (after scale and mean/std), {@code [C·H·W]}
 * @param converted  the image at model size and channel count, 0–255 per channel, {@code [C·H·W]}; what the viewer overlays
 * @param notes      what was done to fit the model (resize, gray↔RGB), empty when nothing
 */
public record PreparedImage(float[] modelInput, int[] converted, int channels, int height, int width, List<String> notes) {
}
