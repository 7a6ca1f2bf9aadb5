package org.convlens.analysis;

/** A technique that scans a dataset rather than the chosen images: top-k, dissection, ablation. */
public abstract class DatasetTechnique<P extends Record> implements Technique<P> {

    @Override
    public final boolean usesImages() {
        return false;
    }

    @Override
    public final boolean usesDataset() {
        return true;
    }
}
