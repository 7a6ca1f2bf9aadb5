package org.convlens.analysis;

import org.convlens.base.Progress;

/**
 * One visualization technique. Parameters are a record whose compact constructor validates them, so
 * the UI, the command line and stored experiments all get the same errors.
 */
public interface Technique<P extends Record> {

    /** Kebab-case id shared by URLs, the command line and the store. */
    String id();

    String title();

    Class<P> parametersType();

    P defaults();

    AnalysisResult run(Probe probe, P params, Progress progress);

    /** Whether the technique looks at input images; synthesis from the network alone does not. */
    default boolean usesImages() {
        return true;
    }

    /** Whether the technique scans a whole dataset instead (top-k, dissection, ablation): the views hide the image picker. */
    default boolean usesDataset() {
        return false;
    }
}
