package org.convlens.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much a unit matters against what it detects (Bau et al. 2020 found the two differ). When a layer is ablated
 * unit by unit, the latest dissection of the same model and layer is attached to the result, and the other way round,
 * so either view can plot importance against interpretability.
 */
final class UnitComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UnitComparison() {
    }

    static void attach(AnalysisResult result, String modelId, ExperimentStore store) {
        Object layer = result.facts().get("layer");
        if (result.techniqueId().equals(Ablation.ID) && "each unit".equals(result.facts().get("kind"))) {
            latest(store, modelId, Dissection.ID, layer, null).ifPresent(found -> {
                List<Map<String, Object>> units = new ArrayList<>();
                for (JsonNode row : found.summary().path("images")) {
                    units.add(Map.of("unit", row.path("unit").asInt(), "concept", row.path("concept").asText(), "category", row.path("category").asText(),
                            "iou", row.path("iou").asDouble(), "detector", row.path("detector").asBoolean()));
                }
                result.facts().put("dissection", Map.of("experiment", found.id(), "units", units));
            });
        } else if (result.techniqueId().equals(Dissection.ID)) {
            latest(store, modelId, Ablation.ID, layer, "each unit").ifPresent(found -> {
                double[] drops = new double[result.perImage().size()];
                for (JsonNode row : found.summary().path("images")) {
                    int unit = row.path("unit").asInt(-1);
                    if (unit >= 0 && unit < drops.length) drops[unit] = row.path("drop").asDouble();
                }
                Map<String, Object> ablation = new LinkedHashMap<>();
                ablation.put("experiment", found.id());
                ablation.put("mode", found.summary().path("facts").path("mode").asText());
                ablation.put("drops", drops);
                result.facts().put("ablation", ablation);
            });
        }
    }

    private record Found(String id, JsonNode summary) {
    }

    private static Optional<Found> latest(ExperimentStore store, String modelId, String method, Object layer, String kind) {
        for (Experiment experiment : store.latestDone(modelId, method, 20)) {
            try {
                JsonNode summary = JSON.readTree(experiment.summaryJson());
                JsonNode facts = summary.path("facts");
                if (facts.path("layer").asText().equals(String.valueOf(layer)) && (kind == null || facts.path("kind").asText().equals(kind))) {
                    return Optional.of(new Found(experiment.id(), summary));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a summary that cannot be read links nothing
            }
        }
        return Optional.empty();
    }
}
