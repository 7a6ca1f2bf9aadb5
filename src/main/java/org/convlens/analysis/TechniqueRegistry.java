package org.convlens.analysis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.base.Progress;
import org.convlens.base.UserInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every technique ConvLens offers, by id: the UI picker, the command line and the store all read this. */
public final class TechniqueRegistry {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, Technique<?>> byId = new LinkedHashMap<>();

    public TechniqueRegistry(List<Technique<?>> techniques) {
        for (Technique<?> technique : techniques) byId.put(technique.id(), technique);
    }

    public static TechniqueRegistry standard() {
        List<Technique<?>> gradients = List.of(new Saliency(), new InputXGradient(), new GuidedBackprop(), new Deconvnet(), new IntegratedGradients());
        List<Technique<?>> all = new java.util.ArrayList<>(List.of(new FeatureMaps(), new Occlusion(), new MinimalImage()));
        all.addAll(gradients);
        all.addAll(List.of(new SmoothGrad(gradients), new GradCam(), new GuidedGradCam(), new TopK(), new Dissection(), new Ablation()));
        return new TechniqueRegistry(all);
    }

    public List<Technique<?>> all() {
        return List.copyOf(byId.values());
    }

    public Technique<?> get(String id) {
        Technique<?> technique = byId.get(id);
        if (technique == null) throw new UserInputException("unknown method '" + id + "'; available: " + String.join(", ", byId.keySet()));
        return technique;
    }

    /** Parameters from loose key/value pairs (form fields, CLI flags, stored JSON), validated by the record. */
    public Record parameters(String id, Map<String, ?> values) {
        Technique<?> technique = get(id);
        try {
            Map<String, Object> merged = JSON.convertValue(technique.defaults(), Map.class);
            values.forEach((key, value) -> {
                if (value != null && !(value instanceof String s && s.isBlank())) merged.put(key, value);
            });
            return JSON.convertValue(merged, technique.parametersType());
        } catch (IllegalArgumentException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UserInputException u) throw u;
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserInputException("invalid parameters for " + id + ": " + firstLine(cause.getMessage()), e);
        }
    }

    public Map<String, Object> parametersAsMap(Record params) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(params, Map.class);
        return map;
    }

    @SuppressWarnings("unchecked")
    public AnalysisResult run(String id, Probe probe, Record params, Progress progress) {
        Technique<Record> technique = (Technique<Record>) get(id);
        return technique.run(probe, technique.parametersType().cast(params), progress);
    }

    private static String firstLine(String text) {
        if (text == null) return "";
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
