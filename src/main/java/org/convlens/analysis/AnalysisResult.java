package org.convlens.analysis;

import org.convlens.base.Tensor;

import java.util.List;
import java.util.Map;

/**
 * What a technique produced: named channels-first arrays (the first is the main one, shaped
 * {@code [N, C, H, W]}) and, per image, plain facts such as the explained class.
 */
public record AnalysisResult(String techniqueId, Map<String, Tensor> arrays, List<Map<String, Object>> perImage,
                             Map<String, Object> facts) {

    public Tensor main() {
        return arrays.values().iterator().next();
    }
}
