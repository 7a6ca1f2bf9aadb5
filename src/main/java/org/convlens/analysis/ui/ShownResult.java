package org.convlens.analysis.ui;

import org.convlens.base.Tensor;

import java.util.List;
import java.util.Map;

/** Everything the result panel draws, whether it comes from a fresh run or from the store. */
public record ShownResult(String method, Map<String, Tensor> arrays, List<Map<String, Object>> perImage, Map<String, Object> facts,
                          List<ShownImage> images, List<String> labels) {

    /** An input image as the user gave it (PNG data URL) and how it was fitted to the model. */
    public record ShownImage(String name, String dataUrl, String notes) {
    }
}
