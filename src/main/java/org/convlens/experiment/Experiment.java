package org.convlens.experiment;

import java.time.Instant;
import java.util.List;

/** One stored run: what was asked, of which model and images, how it ended, and what its team wrote about it. */
public record Experiment(String id, String modelId, String modelName, String method, String paramsJson, Status status,
                         String error, String summaryJson, Source source, Instant createdAt, Instant finishedAt,
                         Long durationMs, String title, String notes, String owner, String layer, List<String> tags, List<Input> inputs) {

    /** The title given by a user, else method and model. */
    public String displayTitle() {
        return title != null && !title.isBlank() ? title : method + " · " + modelName;
    }

    Experiment with(List<String> newTags, List<Input> newInputs) {
        return new Experiment(id, modelId, modelName, method, paramsJson, status, error, summaryJson, source, createdAt, finishedAt, durationMs,
                title, notes, owner, layer, newTags, newInputs);
    }

    public enum Status { RUNNING, DONE, FAILED, CANCELLED }

    public enum Source { UI, CLI, API }

    /** An input image as it was used: its stored id, name and what was done to fit the model. */
    public record Input(int position, String imageId, String name, String notes) {
    }
}
