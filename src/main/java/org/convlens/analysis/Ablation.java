package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.dataset.ImageDataset;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.LayerInfo;
import org.convlens.model.LoadedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Ablation (seed §4.1.2; Morcos et al. 2018; Bau et al. 2020): fix units of a layer to zero or to their mean
 * activation over the dataset, and measure top-1 and per-class accuracy on a labelled dataset. Each unit alone,
 * or a set of units at once; units are ranked by the accuracy they cost.
 */
public final class Ablation {

    public enum Mode { ZERO, MEAN }

    /** Accuracy with the given units fixed, overall and per class. */
    public record Score(double accuracy, double[] perClass) {
    }

    public record UnitImportance(int channel, double accuracy, double drop) {
    }

    public record Result(String layer, Mode mode, int images, Score baseline, List<UnitImportance> units) {
    }

    private final LoadedModel model;
    private final INDArray inputs;
    private final int[] labels;
    private final int classes;
    private final java.util.Map<String, double[]> channelMeans = new java.util.HashMap<>();

    /** Prepares the dataset once: every image through the model's preprocessing. */
    public Ablation(LoadedModel model, ImageDataset dataset) {
        this.model = model;
        this.classes = model.network().numClasses();
        labels = new int[dataset.size()];
        for (int i = 0; i < dataset.size(); i++) {
            labels[i] = dataset.label(i);
            if (labels[i] < 0) throw new UserInputException("ablation needs a labelled dataset; " + dataset.name(i) + " has no label");
        }
        inputs = Layers.datasetBatch(model, dataset, 0, dataset.size());
    }

    public Score score(Dl4jNetwork network) {
        int[] correct = new int[classes];
        int[] total = new int[classes];
        for (int start = 0; start < labels.length; start += 500) {
            int end = Math.min(labels.length, start + 500);
            INDArray predicted = network.logits(inputs.get(NDArrayIndex.interval(start, end))).argMax(1);
            for (int i = start; i < end; i++) {
                total[labels[i]]++;
                if (predicted.getInt(i - start) == labels[i]) correct[labels[i]]++;
            }
        }
        double[] perClass = new double[classes];
        int allCorrect = 0;
        for (int c = 0; c < classes; c++) {
            perClass[c] = total[c] == 0 ? Double.NaN : (double) correct[c] / total[c];
            allCorrect += correct[c];
        }
        return new Score((double) allCorrect / labels.length, perClass);
    }

    /** Accuracy with the given channels of {@code layer} fixed at once. */
    public Score ablate(String layer, int[] channels, Mode mode) {
        return score(model.network().withChannelsFixed(layer, channels, values(layer, channels, mode)));
    }

    /** Every channel of {@code layer} alone, ranked by the accuracy it costs (largest drop first). */
    public Result eachUnit(String layer, Mode mode, Progress progress) {
        LayerInfo info = model.network().layer(layer);
        Score baseline = score(model.network());
        List<UnitImportance> units = new ArrayList<>();
        int channels = info.outputShape()[0];
        for (int c = 0; c < channels; c++) {
            progress.checkCancelled();
            double accuracy = ablate(layer, new int[]{c}, mode).accuracy();
            units.add(new UnitImportance(c, accuracy, baseline.accuracy() - accuracy));
            progress.update((c + 1.0) / channels, "unit " + (c + 1) + " of " + channels);
        }
        units.sort((a, b) -> Double.compare(b.drop(), a.drop()));
        return new Result(layer, mode, labels.length, baseline, units);
    }

    /** 0 for zero-ablation; the mean over images and positions of each channel for mean-ablation. */
    private double[] values(String layer, int[] channels, Mode mode) {
        double[] values = new double[channels.length];
        if (mode == Mode.ZERO) return values;
        double[] means = channelMeans.computeIfAbsent(layer, this::channelMeans);
        for (int i = 0; i < channels.length; i++) values[i] = means[channels[i]];
        return values;
    }

    private double[] channelMeans(String layer) {
        double[] sums = null;
        for (int start = 0; start < labels.length; start += 500) {
            int end = Math.min(labels.length, start + 500);
            INDArray maps = model.network().forward(inputs.get(NDArrayIndex.interval(start, end)), List.of(layer)).tap(layer);
            double[] batch = maps.reshape(maps.size(0), maps.size(1), -1).mean(2).sum(0).toDoubleVector();
            if (sums == null) sums = new double[batch.length];
            for (int c = 0; c < batch.length; c++) sums[c] += batch[c];
        }
        for (int c = 0; c < sums.length; c++) sums[c] /= labels.length;
        return sums;
    }
}
