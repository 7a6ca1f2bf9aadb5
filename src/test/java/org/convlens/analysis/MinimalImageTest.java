package org.convlens.analysis;

import org.convlens.Fixtures;
import org.convlens.base.Progress;
import org.convlens.dataset.BuiltInData;
import org.convlens.engine.ScoreKind;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MinimalImageTest {

    static final LoadedModel model = Fixtures.loadBuiltIn();
    static final MinimalImage.Params GRID = new MinimalImage.Params(null, "grid", 4, null, "mean", 64);

    private static float[] trouser() {
        int index = BuiltInData.fashionMnistTest().nthOfClass(1, 0);
        return ImagePreprocessor.prepare(BuiltInData.fashionImage(BuiltInData.fashionMnistTest(), index), model.profile()).modelInput();
    }

    private static double[] probabilityAndClass(float[] image, int target) {
        INDArray logits = model.network().logits(Nd4j.create(image, new long[]{1, 1, 28, 28}, 'c'));
        return new double[]{model.network().scores(logits, ScoreKind.PROBABILITY).getDouble(0, target), logits.getRow(0).argMax().getInt(0)};
    }

    /** Segment {@code s} of the 4×4 grid replaced by the image's mean. */
    private static float[] without(float[] image, Set<Integer> removed) {
        double mean = 0;
        for (float v : image) mean += v;
        mean /= image.length;
        float[] copy = image.clone();
        int[] grid = MinimalImage.Segmentation.grid(28, 28, 4);
        for (int p = 0; p < copy.length; p++) if (removed.contains(grid[p])) copy[p] = (float) mean;
        return copy;
    }

    @Test
    void eachStepRemovesTheSegmentThatCostsLeastAndTheMinimalImageCannotLoseAnother() {
        float[] image = trouser();
        MinimalImage.Removal removal = MinimalImage.remove(model, image, GRID, Progress.NONE);
        assertThat(removal.target()).isEqualTo(1);
        assertThat(removal.segmentCount()).isEqualTo(16);
        assertThat(removal.removed().length).isBetween(1, 15);
        assertThat(removal.probabilities()[0]).isCloseTo(probabilityAndClass(image, 1)[0], within(1e-6));

        Set<Integer> removed = new HashSet<>();
        for (int step = 0; step < removal.removed().length; step++) {
            double best = Double.NEGATIVE_INFINITY;
            int bestSegment = -1;
            for (int s = 0; s < 16; s++) {
                if (removed.contains(s)) continue;
                Set<Integer> trial = new HashSet<>(removed);
                trial.add(s);
                double[] scored = probabilityAndClass(without(image, trial), 1);
                if (scored[1] == 1 && scored[0] > best) {
                    best = scored[0];
                    bestSegment = s;
                }
            }
            assertThat(removal.removed()[step]).as("step %d", step + 1).isEqualTo(bestSegment);
            assertThat(removal.probabilities()[step + 1]).isCloseTo(best, within(1e-5));
            removed.add(bestSegment);
        }
        float[] minimal = without(image, removed);
        assertThat(removal.minimal()).containsExactly(minimal, within(1e-6f));
        assertThat(probabilityAndClass(minimal, 1)[1]).isEqualTo(1);
        List<Integer> left = new ArrayList<>();
        for (int s = 0; s < 16; s++) if (!removed.contains(s)) left.add(s);
        if (left.size() > 1) {
            for (int s : left) {
                Set<Integer> trial = new HashSet<>(removed);
                trial.add(s);
                assertThat(probabilityAndClass(without(image, trial), 1)[1]).as("removing segment %d too", s).isNotEqualTo(1);
            }
        }
    }

    @Test
    void superpixelsAreConnectedAndNearTheRequestedCount() {
        float[] photo = ImagePreprocessor.prepare(ImagePreprocessor.decode(BuiltInData.samplePhotoPng("chelsea")),
                new org.convlens.model.ModelProfile(64, 64, 3, org.convlens.engine.InputSpec.Layout.NCHW, 1.0 / 255, null, null, List.of())).modelInput();
        int[] segments = MinimalImage.Segmentation.slic(photo, 3, 64, 64, 40, 10);
        int count = Arrays.stream(segments).max().orElseThrow() + 1;
        assertThat(count).isBetween(20, 80);
        for (int s = 0; s < count; s++) {
            int first = -1, size = 0;
            for (int p = 0; p < segments.length; p++) if (segments[p] == s) { size++; if (first < 0) first = p; }
            assertThat(size).as("segment %d is used", s).isPositive();
            assertThat(reachable(segments, first, 64, 64)).as("segment %d is one connected piece", s).isEqualTo(size);
        }
    }

    private static int reachable(int[] segments, int start, int h, int w) {
        boolean[] seen = new boolean[segments.length];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(start));
        seen[start] = true;
        int n = 0;
        while (!queue.isEmpty()) {
            int p = queue.poll();
            n++;
            int[] next = {p - w, p + w, p % w > 0 ? p - 1 : -1, p % w < w - 1 ? p + 1 : -1};
            for (int q : next) {
                if (q >= 0 && q < segments.length && !seen[q] && segments[q] == segments[start]) {
                    seen[q] = true;
                    queue.add(q);
                }
            }
        }
        return n;
    }
}
