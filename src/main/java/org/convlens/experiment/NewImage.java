package org.convlens.experiment;

/** An image to keep with an experiment, as PNG bytes. */
public record NewImage(String name, byte[] png, int width, int height, int channels, String notes) {
}
