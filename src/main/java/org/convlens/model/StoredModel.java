package org.convlens.model;

import org.convlens.engine.Dl4jModelFile;

import java.time.Instant;

/** A model in the registry. {@code id} is the SHA-256 of the file, so experiments can name it for good. */
public record StoredModel(String id, String name, Dl4jModelFile.Format format, boolean graph, String fileName,
                          ModelProfile profile, boolean builtIn, Instant createdAt) {

    public String kind() {
        return (format == Dl4jModelFile.Format.KERAS_H5 ? "Keras " : "DL4J ") + (graph ? "ComputationGraph" : "MultiLayerNetwork");
    }
}
