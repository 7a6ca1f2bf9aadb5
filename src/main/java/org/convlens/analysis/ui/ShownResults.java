package org.convlens.analysis.ui;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.analysis.Technique;
import org.convlens.analysis.TechniqueRegistry;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.ui.FloatData;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Stored experiments as the result panel draws them: permalink, share link, comparison and lesson views all use this. */
public class ShownResults {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExperimentStore store;
    private final TechniqueRegistry techniques;

    public ShownResults(ExperimentStore store, TechniqueRegistry techniques) {
        this.store = store;
        this.techniques = techniques;
    }

    /** The technique's title, or its id when this build does not know it. */
    public String title(Experiment experiment) {
        return techniques.all().stream().filter(t -> t.id().equals(experiment.method())).map(Technique::title).findFirst().orElse(experiment.method());
    }

    public ShownResult shown(Experiment experiment) {
        Map<String, Object> summary = parse(experiment.summaryJson());
        @SuppressWarnings("unchecked") List<Map<String, Object>> perImage = (List<Map<String, Object>>) summary.getOrDefault("images", List.of());
        @SuppressWarnings("unchecked") Map<String, Object> facts = (Map<String, Object>) summary.getOrDefault("facts", Map.of());
        @SuppressWarnings("unchecked") List<String> labels = (List<String>) summary.getOrDefault("labels", List.of());
        List<ShownResult.ShownImage> images = new ArrayList<>();
        for (Experiment.Input input : experiment.inputs()) {
            String dataUrl = store.imagePng(input.imageId()).map(FloatData::pngDataUrl).orElse("");
            images.add(new ShownResult.ShownImage(input.name(), dataUrl, input.notes()));
        }
        return new ShownResult(experiment.method(), store.arrays(experiment.id()), perImage, facts, images, labels);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }
}
