package org.convlens.engine;

/**
 * What a network takes as input: image size and the array layout it expects.
 * {@code FLAT} is a channels-first image flattened to {@code [N, C·H·W]}, as DL4J's
 * {@code InputType.convolutionalFlat} networks take it.
 */
public record InputSpec(int height, int width, int channels, Layout layout) {

    public enum Layout { NCHW, NHWC, FLAT }

    public InputSpec {
        if (height < 1 || width < 1) throw new IllegalArgumentException("input size must be positive");
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("input must have 1 or 3 channels, not " + channels);
    }

    public int pixels() {
        return height * width;
    }
}
