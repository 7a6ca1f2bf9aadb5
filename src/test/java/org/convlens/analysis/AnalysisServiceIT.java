package org.convlens.analysis;

import org.convlens.Fixtures;
import org.convlens.base.DataDirectory;
import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.dataset.BuiltInData;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs through the service with the real built-in model and a real H2 store. */
class AnalysisServiceIT {

    @TempDir
    Path temp;
    private ExperimentStore store;
    private AnalysisService service;
    private LoadedModel model;

    @BeforeEach
    void open() {
        store = new ExperimentStore(DataDirectory.of(temp.resolve("data").toString()).openDatabase());
        service = new AnalysisService(TechniqueRegistry.standard(), store, org.convlens.dataset.DatasetSource.BUILT_IN);
        model = ModelRegistry.loadFile(Fixtures.builtInModel(temp));
    }

    private static InputImage trouser() {
        int index = BuiltInData.fashionMnistTest().nthOfClass(1, 0);
        return new InputImage("trouser.png", BuiltInData.fashionImage(BuiltInData.fashionMnistTest(), index));
    }

    @Test
    void savedOcclusionRunReloadsWithTheSameArrays() {
        AnalysisService.Outcome outcome = service.analyze(model, List.of(trouser()), "occlusion", Map.of("window", 4, "stride", 2),
                true, Experiment.Source.API, null, Progress.NONE);
        assertThat(outcome.result().perImage().get(0)).containsEntry("predictedLabel", "Trouser");
        Experiment experiment = store.find(outcome.experimentId()).orElseThrow();
        assertThat(experiment.status()).isEqualTo(Experiment.Status.DONE);
        assertThat(experiment.modelId()).isEqualTo(model.id());
        assertThat(experiment.paramsJson()).contains("\"window\":4").contains("\"stride\":2");
        assertThat(experiment.summaryJson()).contains("Trouser").contains("\"labels\"");
        assertThat(store.arrays(experiment.id())).containsOnlyKeys("attribution", "score-drop", "strongest-map", "top-class");
        assertThat(store.arrays(experiment.id()).get("attribution")).isEqualTo(outcome.result().arrays().get("attribution"));
        assertThat(store.arrays(experiment.id()).get("score-drop").shape()).containsExactly(1, 1, 13, 13);
    }

    @Test
    void convertedPhotosAreNotedAndRunsThatFailLeaveAFailedRow() {
        InputImage photo = new InputImage("rocket.png", org.convlens.model.ImagePreprocessor.decode(BuiltInData.samplePhotoPng("rocket")));
        AnalysisService.Outcome outcome = service.analyze(model, List.of(photo), "activations", Map.of("layer", "conv2"),
                true, Experiment.Source.UI, null, Progress.NONE);
        assertThat(outcome.images().get(0).notes()).containsExactly("resized 224×224 → 28×28", "RGB → gray (luma 0.299 R + 0.587 G + 0.114 B)");
        assertThat(outcome.result().main().shape()).containsExactly(1, 32, 14, 14);
        assertThat(store.find(outcome.experimentId()).orElseThrow().inputs().get(0).notes()).contains("resized 224×224 → 28×28");

        assertThatThrownBy(() -> service.analyze(model, List.of(trouser()), "occlusion", Map.of("window", 40), true, Experiment.Source.UI, null, Progress.NONE))
                .isInstanceOf(UserInputException.class);
        Experiment failed = store.newest(1, 0).get(0);
        assertThat(failed.status()).isEqualTo(Experiment.Status.FAILED);
        assertThat(failed.error()).contains("larger than the image");
        assertThat(store.arrays(failed.id())).isEmpty();
    }

    @Test
    void topClassesOfAnImageBestFirst() {
        int[] top = service.topClasses(model, trouser(), 3);
        assertThat(top).hasSize(3).startsWith(1).doesNotHaveDuplicates();
    }

    @Test
    void cancelledRunIsRecordedAsCancelled() {
        Progress cancelled = new Progress() {
            @Override
            public void update(double fraction, String message) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> service.analyze(model, List.of(trouser()), "occlusion", Map.of(), true, Experiment.Source.UI, null, cancelled))
                .isInstanceOf(Progress.CancelledException.class);
        assertThat(store.newest(1, 0).get(0).error()).isEqualTo("cancelled");
    }
}
