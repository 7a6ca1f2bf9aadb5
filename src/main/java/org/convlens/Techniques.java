package org.convlens;

import org.convlens.analysis.TechniqueRegistry;
import org.convlens.analysis.Technique;
import org.convlens.synthesis.ClassModel;
import org.convlens.synthesis.Inversion;
import org.convlens.synthesis.UnitVisualization;

import java.util.ArrayList;
import java.util.List;

/** Every technique of ConvLens: the attribution techniques of {@code analysis} and the synthesis ones. */
public final class Techniques {

    private Techniques() {
    }

    public static TechniqueRegistry all() {
        List<Technique<?>> techniques = new ArrayList<>(TechniqueRegistry.standard().all());
        techniques.addAll(List.of(new ClassModel(), new UnitVisualization(), new Inversion()));
        return new TechniqueRegistry(techniques);
    }
}
