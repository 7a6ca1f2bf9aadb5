package org.convlens.synthesis;

import org.convlens.base.UserInputException;

/**
 * Parameters of the synthesis techniques: what to maximize, then the optimization and regularizers
 * ({@link RenderSettings}). Omitting the class (class model) or the channel (unit visualization) renders
 * the whole gallery: one image per class or per channel, in one batch.
 *
 * @param target   class for the class model; null for every class
 * @param layer    layer of the unit, or the layer to invert ("every" for each convolution and pooling layer)
 * @param channel  the unit's channel; null for every channel of the layer
 * @param position "y,x" for a single neuron instead of the channel mean
 * @param negate   minimize instead of maximize
 * @param objective a weighted sum written as text ({@link ObjectiveExpression}); replaces target, layer and channel
 * @param parameterization {@code pixels} or {@code fourier} (see {@link RenderSettings})
 * @param classes  class model of these classes, e.g. "3,5,7" (the view fills in the top-N classes of the chosen image)
 */
public record SynthesisParams(Integer target, String layer, Integer channel, String position, Boolean negate,
                              Integer steps, Double lr, Long seed, String optimizer, Double l2, Double tv, Double tvBeta,
                              Double alpha, Double alphaWeight, Integer blurEvery, Double blurSigma, Integer jitter,
                              Double clipNorm, Double clipContribution, Integer snapshotEvery, Boolean clampToImage,
                              Double scale, Double rotate, String objective, String parameterization, String classes) {

    public SynthesisParams {
        if (target != null && target < 0) throw new UserInputException("target must be a class index ≥ 0");
        if (channel != null && channel < 0) throw new UserInputException("channel must be ≥ 0");
        if (position != null && !position.isBlank() && !position.matches("\\s*\\d+\\s*,\\s*\\d+\\s*")) {
            throw new UserInputException("position must be \"y,x\" with whole numbers ≥ 0, not '" + position + "'");
        }
        if (objective != null && !objective.isBlank()) ObjectiveExpression.parse(objective);
        if (classes != null && !classes.isBlank() && !classes.matches("\\s*\\d+(\\s*,\\s*\\d+)*\\s*")) {
            throw new UserInputException("classes must be class indices separated by commas, not '" + classes + "'");
        }
        new RenderSettings(steps, lr, seed, optimizer, l2, tv, tvBeta, alpha, alphaWeight, blurEvery, blurSigma, jitter, clipNorm, clipContribution, snapshotEvery, clampToImage, scale, rotate, parameterization);
    }

    public RenderSettings settings() {
        return new RenderSettings(steps, lr, seed, optimizer, l2, tv, tvBeta, alpha, alphaWeight, blurEvery, blurSigma, jitter, clipNorm, clipContribution, snapshotEvery, clampToImage, scale, rotate, parameterization);
    }

    int[] neuronPosition() {
        if (position == null || position.isBlank()) return null;
        String[] parts = position.split(",");
        return new int[]{Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
    }

    int[] classList() {
        if (classes == null || classes.isBlank()) return null;
        return java.util.Arrays.stream(classes.split(",")).mapToInt(c -> Integer.parseInt(c.trim())).toArray();
    }

    boolean hasExpression() {
        return objective != null && !objective.isBlank();
    }

    boolean negated() {
        return Boolean.TRUE.equals(negate);
    }
}
