package org.convlens.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.base.UserInputException;
import org.convlens.engine.InputSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How images become model input: size and layout, pixel scale, per-channel mean and std, and the
 * class labels. A model-input value is {@code (pixel · pixelScale − mean[c]) / std[c]}.
 */
public record ModelProfile(int height, int width, int channels, InputSpec.Layout layout,
                           double pixelScale, double[] mean, double[] std, List<String> labels) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelProfile {
        if (height < 1 || width < 1 || height > 1024 || width > 1024) throw new UserInputException("input size must be 1–1024 pixels per side");
        if (channels != 1 && channels != 3) throw new UserInputException("input channels must be 1 (gray) or 3 (RGB)");
        if (pixelScale <= 0) throw new UserInputException("pixel scale must be positive");
        if (mean == null || mean.length == 0) mean = new double[channels];
        if (std == null || std.length == 0) {
            std = new double[channels];
            Arrays.fill(std, 1);
        }
        if (mean.length != channels || std.length != channels) {
            throw new UserInputException("mean and std need one value per channel (" + channels + ")");
        }
        for (double s : std) if (s <= 0) throw new UserInputException("std values must be positive");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public static ModelProfile defaults(InputSpec input, int classes) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < classes; i++) labels.add("class " + i);
        return new ModelProfile(input.height(), input.width(), input.channels(), input.layout(), 1.0 / 255, null, null, labels);
    }

    public InputSpec inputSpec() {
        return new InputSpec(height, width, channels, layout);
    }

    /** Model-input values (a batch, channels-first) back to display pixels in [0, 1]: (v·std + mean) / scale / 255, clamped. */
    public float[] displayPixels(float[] images) {
        int plane = height * width;
        float[] out = new float[images.length];
        for (int k = 0; k < images.length; k++) {
            int c = (k / plane) % channels;
            double value = (images[k] * std[c] + mean[c]) / pixelScale / 255.0;
            out[k] = (float) Math.max(0, Math.min(1, value));
        }
        return out;
    }

    public ModelProfile withNormalization(double[] newMean, double[] newStd) {
        return new ModelProfile(height, width, channels, layout, pixelScale,
                newMean == null ? mean : newMean, newStd == null ? std : newStd, labels);
    }

    public String label(int classIndex) {
        return classIndex < labels.size() ? labels.get(classIndex) : "class " + classIndex;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModelProfile fromJson(String json) {
        try {
            return JSON.readValue(json, ModelProfile.class);
        } catch (JsonProcessingException e) {
            throw new UserInputException("invalid preprocessing profile: " + e.getOriginalMessage(), e);
        }
    }

    public String describe() {
        return height + "×" + width + "×" + channels + " " + layout + ", pixel×" + format(pixelScale)
                + (isIdentityNormalization() ? "" : ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std));
    }

    private boolean isIdentityNormalization() {
        return Arrays.stream(mean).allMatch(m -> m == 0) && Arrays.stream(std).allMatch(s -> s == 1);
    }

    private static String format(double value) {
        return Math.abs(value - 1.0 / 255) < 1e-12 ? "1/255" : Double.toString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelProfile p && p.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }
}
