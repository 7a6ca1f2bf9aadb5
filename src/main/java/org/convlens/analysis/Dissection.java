package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.dataset.ConceptMasks;
import org.convlens.dataset.DatasetSource;
import org.convlens.dataset.ImageDataset;
import org.convlens.engine.LayerInfo;
import org.convlens.model.LoadedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Network dissection (Bau et al. 2017). Per unit k of a layer: the threshold T_k above which lie the top
 * {@code quantile} of its activations over the dataset; every activation map upsampled bilinearly to the mask
 * resolution and binarized at T_k; IoU_k,c = Σ|M_k ∩ L_c| / Σ|M_k ∪ L_c| over the dataset for every concept c; the unit
 * is a detector of its best concept when that IoU exceeds the cut-off. The layer summary counts unique detectors
 * (distinct concepts with at least one detector) per concept category.
 */
public final class Dissection extends DatasetTechnique<Dissection.Params> {

    public static final String ID = "dissect";

    /**
     * @param layer        layer whose units are dissected; null for the last convolution
     * @param dataset      a dataset with segmentation masks; the built-in concept dataset by default
     * @param quantile     top quantile of each unit's activations that forms its mask
     * @param iouThreshold a unit is labelled with its best concept above this IoU
     * @param limit        only the first N images (0: all)
     * @param examples     images shown per unit, those on which it fires most
     */
    public record Params(String layer, String dataset, Double quantile, Double iouThreshold, Integer limit, Integer examples) {
        public Params {
            if (quantile != null && !(quantile > 0 && quantile <= 0.5)) throw new UserInputException("the quantile must be in (0, 0.5]");
            if (iouThreshold != null && !(iouThreshold >= 0 && iouThreshold <= 1)) throw new UserInputException("the IoU cut-off must be in [0, 1]");
            if (limit != null && limit < 0) throw new UserInputException("limit must be ≥ 0");
            if (examples != null && (examples < 0 || examples > 16)) throw new UserInputException("examples per unit must be 0–16");
        }
    }

    public record UnitLabel(int unit, double threshold, int concept, double iou, boolean detector) {
    }

    /** @param iou {@code [units][concepts]}; {@code examples} the dataset indices shown per unit, strongest first */
    public record Result(String layer, int images, List<ConceptMasks.Concept> concepts, double[][] iou, List<UnitLabel> units, List<int[]> examples) {

        /** Per category: how many distinct concepts have a detector, and how many units are detectors. */
        public Map<String, int[]> summary() {
            Map<String, int[]> summary = new LinkedHashMap<>();
            for (ConceptMasks.Concept concept : concepts) summary.putIfAbsent(concept.category(), new int[2]);
            java.util.Set<Integer> detected = new java.util.HashSet<>();
            for (UnitLabel unit : units) {
                if (!unit.detector()) continue;
                int[] counts = summary.get(concepts.get(unit.concept()).category());
                counts[1]++;
                if (detected.add(unit.concept())) counts[0]++;
            }
            return summary;
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Network dissection (units × concepts)";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, DatasetSource.CONCEPTS, 0.005, 0.04, 0, 4);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        LoadedModel model = probe.model();
        String layer = Layers.resolve(model.network(), params.layer(), () -> Layers.lastConvolution(model.network()));
        String datasetId = params.dataset() == null ? DatasetSource.CONCEPTS : params.dataset();
        ImageDataset dataset = probe.datasets().open(datasetId, params.limit() == null ? 0 : params.limit());
        Result result = dissect(model, dataset, layer, params.quantile(), params.iouThreshold(), params.examples(), 100, progress);

        int units = result.units().size(), concepts = result.concepts().size();
        float[] iou = new float[units * concepts];
        for (int u = 0; u < units; u++) for (int c = 0; c < concepts; c++) iou[u * concepts + c] = (float) result.iou()[u][c];
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("iou", new Tensor(new int[]{1, 1, units, concepts}, iou));
        if (params.examples() > 0) exampleArrays(model, dataset, result, params.examples(), arrays);

        List<Map<String, Object>> rows = new ArrayList<>();
        for (UnitLabel unit : result.units()) {
            Map<String, Object> row = new LinkedHashMap<>();
            ConceptMasks.Concept concept = result.concepts().get(unit.concept());
            row.put("unit", unit.unit());
            row.put("concept", concept.name());
            row.put("category", concept.category());
            row.put("iou", unit.iou());
            row.put("detector", unit.detector());
            row.put("threshold", unit.threshold());
            row.put("examples", java.util.Arrays.stream(result.examples().get(unit.unit())).mapToObj(dataset::name).toList());
            rows.add(row);
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("layer", layer);
        facts.put("dataset", datasetId + ", " + result.images() + " images");
        facts.put("quantile", params.quantile());
        facts.put("iouThreshold", params.iouThreshold());
        facts.put("concepts", result.concepts().stream().map(c -> Map.of("name", c.name(), "category", c.category())).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        result.summary().forEach((category, counts) -> summary.put(category, Map.of("uniqueDetectors", counts[0], "units", counts[1])));
        facts.put("summary", summary);
        facts.put("examplesPerUnit", params.examples());
        return new AnalysisResult(ID, arrays, rows, facts);
    }

    /** The example images of every unit and, over each, where the unit's upsampled map exceeds its threshold. */
    private static void exampleArrays(LoadedModel model, ImageDataset dataset, Result result, int perUnit, Map<String, Tensor> arrays) {
        int c = model.profile().channels(), h = model.profile().height(), w = model.profile().width();
        int units = result.units().size();
        float[] images = new float[units * perUnit * c * h * w];
        float[] masks = new float[units * perUnit * h * w];
        // An image is often among the examples of several units: read it and run the network on it once.
        Map<Integer, float[]> pixels = new HashMap<>();
        Map<Integer, INDArray> maps = new HashMap<>();
        for (int[] examples : result.examples()) {
            for (int image : examples) {
                if (pixels.containsKey(image)) continue;
                pixels.put(image, Layers.displayPixels(model, dataset.image(image)));
                maps.put(image, model.network().forward(Layers.datasetBatch(model, dataset, image, image + 1), List.of(result.layer())).tap(result.layer()));
            }
        }
        LayerInfo info = model.network().layer(result.layer());
        Bilinear up = Bilinear.of(info.outputShape()[1], info.outputShape()[2], h, w);
        for (UnitLabel unit : result.units()) {
            int[] examples = result.examples().get(unit.unit());
            for (int e = 0; e < examples.length; e++) {
                int slot = unit.unit() * perUnit + e;
                System.arraycopy(pixels.get(examples[e]), 0, images, slot * c * h * w, c * h * w);
                float[] values = maps.get(examples[e]).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(unit.unit()))
                        .dup('c').data().asFloat();
                for (int p = 0; p < h * w; p++) masks[slot * h * w + p] = up.at(values, p) > unit.threshold() ? 1 : 0;
            }
        }
        arrays.put("examples", new Tensor(new int[]{units * perUnit, c, h, w}, images));
        arrays.put("example-masks", new Tensor(new int[]{units * perUnit, 1, h, w}, masks));
    }

    public static Result dissect(LoadedModel model, ImageDataset dataset, String layer, double quantile, double iouThreshold, int examples,
                                 int batch, Progress progress) {
        ConceptMasks labels = dataset.concepts();
        if (labels == null) throw new UserInputException("network dissection needs a dataset with segmentation masks and a concepts.csv");
        LayerInfo info = model.network().layer(layer);
        if (!info.spatial()) throw new UserInputException("layer " + layer + " has no 2-D maps to dissect");
        int units = info.outputShape()[0], plane = info.outputShape()[1] * info.outputShape()[2];
        int images = dataset.size();
        int kept = (int) Math.max(1, Math.ceil(quantile * images * plane));

        // Pass 1: the exact top quantile per unit (a bounded min-heap of the largest activations), and the example images.
        FloatMinHeap[] largest = new FloatMinHeap[units];
        List<PriorityQueue<double[]>> strongest = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            largest[u] = new FloatMinHeap(kept);
            strongest.add(new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0])));
        }
        forEachBatch(model, dataset, layer, batch, progress, 0, 0.5, (start, maps) -> {
            int count = maps.length / (units * plane);
            for (int i = 0; i < count; i++) {
                for (int u = 0; u < units; u++) {
                    int offset = (i * units + u) * plane;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int p = 0; p < plane; p++) {
                        float v = maps[offset + p];
                        largest[u].offer(v);
                        if (v > max) max = v;
                    }
                    if (examples > 0) {
                        PriorityQueue<double[]> queue = strongest.get(u);
                        queue.add(new double[]{max, -(start + i)});
                        if (queue.size() > examples) queue.poll();
                    }
                }
            }
        });
        double[] thresholds = new double[units];
        for (int u = 0; u < units; u++) thresholds[u] = largest[u].min();

        // Pass 2: masks against concepts, summed over the dataset.
        int concepts = labels.concepts().size();
        long[][] intersections = new long[units][concepts];
        long[] unitPixels = new long[units];
        long[] conceptPixels = new long[concepts];
        Map<Long, Bilinear> upsamplers = new HashMap<>();
        int mh = info.outputShape()[1], mw = info.outputShape()[2];
        forEachBatch(model, dataset, layer, batch, progress, 0.5, 0.5, (start, maps) -> {
            int count = maps.length / (units * plane);
            for (int i = 0; i < count; i++) {
                ConceptMasks.Mask mask = labels.mask(start + i);
                int pixels = mask.height() * mask.width();
                for (int[] layerLabels : mask.layers()) for (int concept : layerLabels) if (concept >= 0) conceptPixels[concept]++;
                Bilinear up = upsamplers.computeIfAbsent(((long) mask.height() << 32) | mask.width(), key -> Bilinear.of(mh, mw, mask.height(), mask.width()));
                float[] unitMap = new float[plane];
                for (int u = 0; u < units; u++) {
                    System.arraycopy(maps, (i * units + u) * plane, unitMap, 0, plane);
                    long[] row = intersections[u];
                    for (int p = 0; p < pixels; p++) {
                        if (up.at(unitMap, p) <= thresholds[u]) continue;
                        unitPixels[u]++;
                        for (int[] layerLabels : mask.layers()) if (layerLabels[p] >= 0) row[layerLabels[p]]++;
                    }
                }
            }
        });

        double[][] iou = new double[units][concepts];
        List<UnitLabel> labelled = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            int best = 0;
            for (int c = 0; c < concepts; c++) {
                long union = unitPixels[u] + conceptPixels[c] - intersections[u][c];
                iou[u][c] = union == 0 ? 0 : (double) intersections[u][c] / union;
                if (iou[u][c] > iou[u][best]) best = c;
            }
            labelled.add(new UnitLabel(u, thresholds[u], best, iou[u][best], iou[u][best] > iouThreshold));
        }
        List<int[]> exampleIndices = strongest.stream().map(queue -> queue.stream()
                .sorted((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(b[1], a[1]))
                .mapToInt(entry -> (int) -entry[1]).toArray()).toList();
        return new Result(layer, images, labels.concepts(), iou, labelled, exampleIndices);
    }

    private interface BatchConsumer {
        void accept(int start, float[] maps);
    }

    /** The layer's maps for the dataset, batch by batch, as one {@code [n, units, h, w]} float array per batch. */
    private static void forEachBatch(LoadedModel model, ImageDataset dataset, String layer, int batch, Progress progress,
                                     double progressFrom, double progressSpan, BatchConsumer consumer) {
        for (int start = 0; start < dataset.size(); start += batch) {
            progress.checkCancelled();
            int end = Math.min(dataset.size(), start + batch);
            INDArray maps = model.network().forward(Layers.datasetBatch(model, dataset, start, end), List.of(layer)).tap(layer);
            consumer.accept(start, maps.dup('c').data().asFloat());
            progress.update(progressFrom + progressSpan * end / dataset.size(),
                    (progressFrom == 0 ? "thresholds: " : "IoU: ") + end + " of " + dataset.size() + " images");
        }
    }

    /** Bilinear upsampling with half-pixel centres (PyTorch's align_corners=False), its taps computed once per size. */
    record Bilinear(int inWidth, int outWidth, int[] y0, int[] y1, float[] wy, int[] x0, int[] x1, float[] wx) {

        static Bilinear of(int inHeight, int inWidth, int outHeight, int outWidth) {
            int[] y0 = new int[outHeight], y1 = new int[outHeight], x0 = new int[outWidth], x1 = new int[outWidth];
            float[] wy = new float[outHeight], wx = new float[outWidth];
            taps(inHeight, outHeight, y0, y1, wy);
            taps(inWidth, outWidth, x0, x1, wx);
            return new Bilinear(inWidth, outWidth, y0, y1, wy, x0, x1, wx);
        }

        private static void taps(int in, int out, int[] lower, int[] upper, float[] weight) {
            for (int o = 0; o < out; o++) {
                double source = Math.max(0, (o + 0.5) * in / out - 0.5);
                int low = Math.min((int) Math.floor(source), in - 1);
                lower[o] = low;
                upper[o] = Math.min(low + 1, in - 1);
                weight[o] = (float) (source - low);
            }
        }

        /** The upsampled value at output pixel {@code p} (row-major) of the map {@code values}. */
        float at(float[] values, int p) {
            int y = p / outWidth, x = p % outWidth;
            float top = values[y0[y] * inWidth + x0[x]] * (1 - wx[x]) + values[y0[y] * inWidth + x1[x]] * wx[x];
            float bottom = values[y1[y] * inWidth + x0[x]] * (1 - wx[x]) + values[y1[y] * inWidth + x1[x]] * wx[x];
            return top * (1 - wy[y]) + bottom * wy[y];
        }
    }

    /** The {@code capacity} largest values offered so far; {@link #min()} is the smallest of them. */
    static final class FloatMinHeap {
        private final float[] heap;
        private int size;

        FloatMinHeap(int capacity) {
            heap = new float[capacity];
        }

        void offer(float value) {
            if (size < heap.length) {
                int i = size++;
                heap[i] = value;
                while (i > 0 && heap[(i - 1) / 2] > heap[i]) {
                    swap(i, (i - 1) / 2);
                    i = (i - 1) / 2;
                }
            } else if (value > heap[0]) {
                heap[0] = value;
                int i = 0;
                while (true) {
                    int left = 2 * i + 1, right = left + 1, smallest = i;
                    if (left < size && heap[left] < heap[smallest]) smallest = left;
                    if (right < size && heap[right] < heap[smallest]) smallest = right;
                    if (smallest == i) break;
                    swap(i, smallest);
                    i = smallest;
                }
            }
        }

        float min() {
            return size == 0 ? 0 : heap[0];
        }

        private void swap(int a, int b) {
            float t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }
    }
}
