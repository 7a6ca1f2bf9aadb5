package org.convlens.model;

import org.convlens.engine.Dl4jNetwork;

/** A model ready to run: its identity, its network and how to feed it. */
public record LoadedModel(String id, String name, Dl4jNetwork network, ModelProfile profile) {

    public LoadedModel withProfile(ModelProfile newProfile) {
        return new LoadedModel(id, name, network, newProfile);
    }
}
