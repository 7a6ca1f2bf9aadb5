package org.convlens.experiment;

import java.time.Instant;
import java.util.List;

/** One stored run: what was asked, of which model and images, and how it ended. */
public record Experiment(String id, String modelId, String modelName, String method, String paramsJson, Status status,
                         String error, String summaryJson, Source source, Instant createdAt, Instant finishedAt,
                         Long durationMs, List<Input> inputs) {

    public enum Status { RUNNING, DONE, FAILED, CANCELLED }

    public enum Source { UI, CLI, API }

    /** An input image as it was used: its stored id, name and what was done to fit the model. */
    public record Input(int position, String imageId, String name, String notes) {
    }
}
