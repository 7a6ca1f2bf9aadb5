package org.convlens.engine;

import java.util.List;

/**
 * One layer (or graph vertex) as the inspector shows it.
 *
 * @param outputShape channels-first, without the batch axis: {@code [C, H, W]} or {@code [F]}
 * @param spatial     whether its output is a stack of 2-D maps
 */
public record LayerInfo(String name, String type, String activation, int[] outputShape, long parameters,
                        List<String> inputs, boolean convolution, boolean spatial) {

    public String outputShapeText() {
        StringBuilder text = new StringBuilder();
        for (int d : outputShape) {
            if (text.length() > 0) text.append(" × ");
            text.append(d);
        }
        return text.toString();
    }
}
