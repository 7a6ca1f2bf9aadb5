package org.convlens.engine;

import org.convlens.dataset.BuiltInData;
import org.convlens.dataset.GrayImageSet;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped model does what its model card says, on the shipped test set. */
class BuiltInModelTest {

    @TempDir
    Path temp;

    @Test
    void reachesNinetyPercentOnTheFashionMnistTestSet() {
        LoadedModel model = ModelRegistry.loadFile(org.convlens.Fixtures.builtInModel(temp));
        assertThat(model.profile().labels()).isEqualTo(BuiltInData.FASHION_CLASSES);
        assertThat(model.profile().inputSpec()).isEqualTo(new InputSpec(28, 28, 1, InputSpec.Layout.NCHW));
        GrayImageSet test = BuiltInData.fashionMnistTest();
        assertThat(test.size()).isEqualTo(10_000);
        int correct = 0;
        int plane = test.height() * test.width();
        for (int from = 0; from < test.size(); from += 1000) {
            float[] batch = new float[1000 * plane];
            for (int i = 0; i < batch.length; i++) batch[i] = (test.pixels()[from * plane + i] & 0xff) / 255f;
            INDArray predicted = model.network().logits(Nd4j.create(batch, new long[]{1000, 1, 28, 28}, 'c')).argMax(1);
            for (int i = 0; i < 1000; i++) if (predicted.getInt(i) == test.labels()[from + i]) correct++;
        }
        assertThat(correct / 10_000.0).isGreaterThanOrEqualTo(0.90);
    }
}
