package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.dataset.DatasetSource;
import org.convlens.dataset.ImageDataset;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.LayerInfo;
import org.convlens.engine.UnsupportedModelException;
import org.convlens.model.LoadedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ablation (seed §4.1.2; Morcos et al. 2018; Bau et al. 2020): fix units of a layer to zero or to their mean
 * activation over the dataset, and measure top-1 and per-class accuracy on a labelled dataset. Every unit of a layer
 * alone (ranked by the accuracy it costs), a set of units at once, or every whole layer in turn (informative where
 * the graph has another path around the layer, as in residual networks).
 */
public final class Ablation extends DatasetTechnique<Ablation.Params> {

    public static final String ID = "ablation";
    public static final String EACH_LAYER = "layers";

    public enum Mode { ZERO, MEAN }

    /** Accuracy with the given units fixed, overall and per class. */
    public record Score(double accuracy, double[] perClass) {
    }

    public record UnitImportance(int channel, double accuracy, double drop) {
    }

    public record Result(String layer, Mode mode, int images, Score baseline, List<UnitImportance> units) {
    }

    public record LayerImportance(String layer, int units, double accuracy, double drop) {
    }

    /**
     * @param layer   layer whose units are ablated; null for the last convolution
     * @param mode    zero or mean
     * @param units   empty: every unit alone; "a,b,c" or "all": those units at once; "layers": every whole layer in turn
     * @param dataset a labelled dataset; the built-in Fashion-MNIST test set by default
     * @param limit   only the first N images (0: all)
     */
    public record Params(String layer, String mode, String units, String dataset, Integer limit) {
        public Params {
            if (mode != null && !mode.equalsIgnoreCase("zero") && !mode.equalsIgnoreCase("mean")) throw new UserInputException("mode is zero or mean");
            if (limit != null && limit < 0) throw new UserInputException("limit must be ≥ 0");
            if (units != null && !units.isBlank() && !units.equals("all") && !units.equals(EACH_LAYER) && !units.matches("\\s*\\d+(\\s*,\\s*\\d+)*\\s*")) {
                throw new UserInputException("units are empty (each alone), a list like 3,7,12, 'all' or 'layers'");
            }
        }

        Mode ablationMode() {
            return mode == null ? Mode.ZERO : Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Ablation (accuracy without units)";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, "zero", "", DatasetSource.FASHION_MNIST, 0);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        LoadedModel model = probe.model();
        String layer = Layers.resolve(model.network(), params.layer(), () -> Layers.lastConvolution(model.network()));
        ImageDataset dataset = probe.datasets().open(params.dataset(), params.limit() == null ? 0 : params.limit());
        Evaluator evaluator = new Evaluator(model, dataset);
        Mode mode = params.ablationMode();
        Score baseline = evaluator.score(model.network());
        String units = params.units() == null ? "" : params.units().strip();

        Map<String, Tensor> arrays = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("layer", layer);
        facts.put("mode", mode.name().toLowerCase(Locale.ROOT));
        facts.put("dataset", (params.dataset() == null ? DatasetSource.FASHION_MNIST : params.dataset()) + ", " + dataset.size() + " images");
        facts.put("baselineAccuracy", baseline.accuracy());
        facts.put("classes", model.profile().labels());
        if (units.isEmpty()) {
            Result result = evaluator.eachUnit(layer, mode, progress);
            float[] accuracy = new float[result.units().size()];
            for (int rank = 0; rank < result.units().size(); rank++) {
                UnitImportance unit = result.units().get(rank);
                accuracy[unit.channel()] = (float) unit.accuracy();
                rows.add(Map.of("unit", unit.channel(), "accuracy", unit.accuracy(), "drop", unit.drop(), "rank", rank + 1));
            }
            arrays.put("unit-accuracy", new Tensor(new int[]{1, 1, 1, accuracy.length}, accuracy));
            facts.put("kind", "each unit");
        } else if (units.equals(EACH_LAYER)) {
            List<LayerImportance> layers = evaluator.eachLayer(mode, baseline, progress);
            float[] accuracy = new float[layers.size()];
            for (int i = 0; i < layers.size(); i++) {
                LayerImportance importance = layers.get(i);
                accuracy[i] = (float) importance.accuracy();
                rows.add(Map.of("layer", importance.layer(), "units", importance.units(), "accuracy", importance.accuracy(), "drop", importance.drop()));
            }
            arrays.put("layer-accuracy", new Tensor(new int[]{1, 1, 1, accuracy.length}, accuracy));
            facts.put("kind", "each layer");
        } else {
            int channels = model.network().layer(layer).outputShape()[0];
            int[] chosen = units.equals("all") ? java.util.stream.IntStream.range(0, channels).toArray()
                    : Arrays.stream(units.split(",")).mapToInt(u -> Integer.parseInt(u.strip())).toArray();
            Score ablated = evaluator.ablate(layer, chosen, mode);
            rows.add(Map.of("units", units, "accuracy", ablated.accuracy(), "drop", baseline.accuracy() - ablated.accuracy()));
            float[] perClass = new float[2 * baseline.perClass().length];
            for (int c = 0; c < baseline.perClass().length; c++) {
                perClass[c] = (float) baseline.perClass()[c];
                perClass[baseline.perClass().length + c] = (float) ablated.perClass()[c];
            }
            arrays.put("per-class", new Tensor(new int[]{1, 1, 2, baseline.perClass().length}, perClass));
            facts.put("kind", "units together");
            facts.put("units", units);
            facts.put("ablatedAccuracy", ablated.accuracy());
        }
        if (!arrays.containsKey("per-class")) {
            float[] perClass = new float[baseline.perClass().length];
            for (int c = 0; c < perClass.length; c++) perClass[c] = (float) baseline.perClass()[c];
            arrays.put("per-class", new Tensor(new int[]{1, 1, 1, perClass.length}, perClass));
        }
        return new AnalysisResult(ID, arrays, rows, facts);
    }

    /** A labelled dataset prepared once for one model, scoring that model and copies of it with units fixed. */
    public static final class Evaluator {

        private final LoadedModel model;
        private final INDArray inputs;
        private final int[] labels;
        private final int classes;
        private final Map<String, double[]> channelMeans = new HashMap<>();

        public Evaluator(LoadedModel model, ImageDataset dataset) {
            this.model = model;
            this.classes = model.network().numClasses();
            int[] modelClass = modelClasses(dataset, model);
            labels = new int[dataset.size()];
            for (int i = 0; i < dataset.size(); i++) {
                if (dataset.label(i) < 0) throw new UserInputException("ablation needs a labelled dataset; " + dataset.name(i) + " has no label");
                labels[i] = modelClass[dataset.label(i)];
            }
            inputs = Layers.datasetBatch(model, dataset, 0, dataset.size());
        }

        /**
         * The model's class for each dataset class: by name when every dataset class is one of the model's labels, by number
         * when the classes are numbers, else in order when the counts agree.
         */
        static int[] modelClasses(ImageDataset dataset, LoadedModel model) {
            List<String> names = dataset.classNames();
            List<String> labels = model.profile().labels().stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
            int[] mapping = new int[names.size()];
            if (names.stream().allMatch(n -> labels.contains(n.toLowerCase(Locale.ROOT)))) {
                for (int i = 0; i < mapping.length; i++) mapping[i] = labels.indexOf(names.get(i).toLowerCase(Locale.ROOT));
            } else if (names.stream().allMatch(n -> n.matches("\\d{1,9}") && Integer.parseInt(n) < model.network().numClasses())) {
                for (int i = 0; i < mapping.length; i++) mapping[i] = Integer.parseInt(names.get(i));
            } else if (names.size() == model.network().numClasses()) {
                for (int i = 0; i < mapping.length; i++) mapping[i] = i;
            } else {
                throw new UserInputException("the dataset's classes " + names + " match neither the model's labels " + model.profile().labels()
                        + " nor class numbers, and their count differs");
            }
            return mapping;
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

        /** Every convolution and dense layer but the output, all its units fixed at once, in network order. */
        public List<LayerImportance> eachLayer(Mode mode, Score baseline, Progress progress) {
            List<LayerInfo> candidates = model.network().layers().stream()
                    .filter(l -> !l.name().equals(model.network().outputLayer()) && l.parameters() > 0 && l.outputShape().length > 0).toList();
            List<LayerImportance> layers = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                progress.checkCancelled();
                LayerInfo layer = candidates.get(i);
                int channels = layer.outputShape()[0];
                try {
                    double accuracy = ablate(layer.name(), java.util.stream.IntStream.range(0, channels).toArray(), mode).accuracy();
                    layers.add(new LayerImportance(layer.name(), channels, accuracy, baseline.accuracy() - accuracy));
                } catch (UnsupportedModelException notAblatable) {
                    // batch normalization and other layers whose output cannot be fixed by weights and bias are left out
                }
                progress.update((i + 1.0) / candidates.size(), "layer " + layer.name());
            }
            if (layers.isEmpty()) throw new UserInputException("no layer of this model can be ablated as a whole");
            return layers;
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
}
