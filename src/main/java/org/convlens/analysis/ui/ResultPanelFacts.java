package org.convlens.analysis.ui;

import java.util.Map;

/** One sentence about an image's run: prediction, explained class or unit, completeness. */
final class ResultPanelFacts {

    private ResultPanelFacts() {
    }

    static String describe(Map<String, Object> facts, String imageName) {
        StringBuilder text = new StringBuilder(imageName).append(": predicted ").append(facts.get("predictedLabel"))
                .append(String.format(" (p = %.3f, logit %.3f)", number(facts.get("predictedProbability")), number(facts.get("predictedLogit"))));
        if (facts.containsKey("unit")) text.append("; projected from ").append(facts.get("unit"));
        if (facts.containsKey("targetLabel")) text.append("; explaining ").append(facts.get("targetLabel"));
        if (facts.containsKey("completenessDelta")) {
            text.append(String.format("; completeness delta %.3g of a score gap %.3g", number(facts.get("completenessDelta")), number(facts.get("scoreGap"))));
        }
        return text.toString();
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
