package org.convlens.engine;

/**
 * Which number is explained for a class. {@code LOGIT} is the value before the network's final
 * activation (before the softmax, for a classifier); {@code PROBABILITY} is the network's own output.
 */
public enum ScoreKind {
    LOGIT, PROBABILITY;

    public static ScoreKind parse(String text) {
        return switch (text.trim().toLowerCase()) {
            case "logit" -> LOGIT;
            case "probability", "prob" -> PROBABILITY;
            default -> throw new IllegalArgumentException("score must be logit or probability, not " + text);
        };
    }
}
