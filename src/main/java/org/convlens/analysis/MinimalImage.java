package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.ScoreKind;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelProfile;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image-part removal (Zhou et al. 2015, "Object detectors emerge in deep scene CNNs", §3.1): split the image into
 * segments (grid cells or SLIC superpixels), then repeatedly remove (fill) the segment whose removal lowers the class
 * probability least, as long as the image stays classified as its class. What is left is the minimal image; the
 * sequence of removals and the score after each are kept so the view can replay them.
 */
public final class MinimalImage implements Technique<MinimalImage.Params> {

    public static final String ID = "minimal-image";

    /**
     * @param target      class to keep; null for the predicted class
     * @param segments    grid or superpixels
     * @param grid        cells per side for the grid
     * @param superpixels about how many SLIC superpixels
     * @param fill        what a removed segment becomes: the image's mean colour, zero in model input, or a strong blur
     * @param batch       candidate images per forward pass
     */
    public record Params(Integer target, String segments, Integer grid, Integer superpixels, String fill, Integer batch) {
        public Params {
            if (segments != null && !segments.equals("grid") && !segments.equals("superpixels")) throw new UserInputException("segments are grid or superpixels");
            if (grid != null && (grid < 2 || grid > 32)) throw new UserInputException("the grid has 2–32 cells per side");
            if (superpixels != null && (superpixels < 4 || superpixels > 1024)) throw new UserInputException("superpixels must be 4–1024");
            if (fill != null && !List.of("mean", "zero", "blur").contains(fill)) throw new UserInputException("fill is mean, zero or blur");
            if (batch != null && batch < 1) throw new UserInputException("batch must be ≥ 1");
            if (target != null && target < 0) throw new UserInputException("target must be a class index ≥ 0");
        }
    }

    /** One image's removals, in order, and the class probability after each (index 0: before any). */
    public record Removal(int target, int[] segmentMap, int segmentCount, int[] removed, double[] probabilities, float[] minimal, float[] filled) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Minimal image (image-part removal)";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, "grid", 7, 48, "mean", 64);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        LoadedModel model = probe.model();
        ModelProfile profile = model.profile();
        int n = probe.count(), c = profile.channels(), h = profile.height(), w = profile.width(), size = c * h * w;
        float[] inputs = probe.inputs().dup('c').data().asFloat();
        float[] minimal = new float[n * size], original = new float[n * size], filled = new float[n * size];
        float[] order = new float[n * h * w], segmentIds = new float[n * h * w];
        List<double[]> curves = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] image = Arrays.copyOfRange(inputs, i * size, (i + 1) * size);
            int index = i;
            Removal removal = remove(model, image, params, new Progress() {
                @Override
                public void update(double fraction, String message) {
                    progress.update((index + fraction) / n, "image " + (index + 1) + ": " + message);
                }

                @Override
                public boolean cancelled() {
                    return progress.cancelled();
                }
            });
            System.arraycopy(profile.displayPixels(removal.minimal()), 0, minimal, i * size, size);
            System.arraycopy(profile.displayPixels(image), 0, original, i * size, size);
            System.arraycopy(profile.displayPixels(removal.filled()), 0, filled, i * size, size);
            int[] step = new int[removal.segmentCount()];
            for (int s = 0; s < removal.removed().length; s++) step[removal.removed()[s]] = s + 1;
            for (int p = 0; p < h * w; p++) {
                order[i * h * w + p] = step[removal.segmentMap()[p]];
                segmentIds[i * h * w + p] = removal.segmentMap()[p];
            }
            curves.add(removal.probabilities());
            int kept = 0;
            for (int p = 0; p < h * w; p++) if (step[removal.segmentMap()[p]] == 0) kept++;
            Map<String, Object> facts = Layers.prediction(model, model.network().logits(Nd4j.create(image, new long[]{1, c, h, w}, 'c')), 0);
            facts.put("target", removal.target());
            facts.put("targetLabel", profile.label(removal.target()));
            facts.put("segments", removal.segmentCount());
            facts.put("removed", removal.removed().length);
            facts.put("keptFraction", (double) kept / (h * w));
            facts.put("originalProbability", removal.probabilities()[0]);
            facts.put("finalProbability", removal.probabilities()[removal.probabilities().length - 1]);
            facts.put("removalOrder", Arrays.stream(removal.removed()).boxed().toList());
            rows.add(facts);
        }
        int longest = curves.stream().mapToInt(curve -> curve.length).max().orElse(1);
        float[] scores = new float[n * longest];
        Arrays.fill(scores, Float.NaN);
        for (int i = 0; i < n; i++) for (int s = 0; s < curves.get(i).length; s++) scores[i * longest + s] = (float) curves.get(i)[s];
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("minimal", new Tensor(new int[]{n, c, h, w}, minimal));
        arrays.put("original", new Tensor(new int[]{n, c, h, w}, original));
        arrays.put("filled", new Tensor(new int[]{n, c, h, w}, filled));
        arrays.put("removal-step", new Tensor(new int[]{n, 1, h, w}, order));
        arrays.put("segments", new Tensor(new int[]{n, 1, h, w}, segmentIds));
        arrays.put("probabilities", new Tensor(new int[]{n, 1, 1, longest}, scores));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("segmentation", "grid".equals(params.segments()) ? params.grid() + "×" + params.grid() + " grid" : "about " + params.superpixels() + " SLIC superpixels");
        facts.put("fill", params.fill());
        return new AnalysisResult(ID, arrays, rows, facts);
    }

    /** Greedy removal on one model-input image {@code [C·H·W]}. */
    public static Removal remove(LoadedModel model, float[] image, Params params, Progress progress) {
        ModelProfile profile = model.profile();
        int c = profile.channels(), h = profile.height(), w = profile.width(), plane = h * w;
        int[] segmentMap = "superpixels".equals(params.segments())
                ? Segmentation.slic(profile.displayPixels(image), c, h, w, params.superpixels(), 10)
                : Segmentation.grid(h, w, params.grid());
        int segments = Arrays.stream(segmentMap).max().orElse(0) + 1;
        float[] fill = fill(image, c, h, w, params.fill());
        INDArray firstLogits = model.network().logits(Nd4j.create(image, new long[]{1, c, h, w}, 'c'));
        int target = params.target() != null ? params.target() : Layers.argmax(firstLogits.getRow(0));
        if (target >= model.network().numClasses()) throw new UserInputException("target " + target + " is not a class: the model has " + model.network().numClasses());

        List<List<Integer>> pixelsOf = new ArrayList<>();
        for (int s = 0; s < segments; s++) pixelsOf.add(new ArrayList<>());
        for (int p = 0; p < plane; p++) pixelsOf.get(segmentMap[p]).add(p);
        float[] current = image.clone();
        boolean[] removed = new boolean[segments];
        List<Integer> order = new ArrayList<>();
        List<Double> curve = new ArrayList<>(List.of(model.network().scores(firstLogits, ScoreKind.PROBABILITY).getDouble(0, target)));
        int batch = params.batch() == null ? 64 : params.batch();
        while (order.size() < segments - 1) {
            progress.checkCancelled();
            List<Integer> candidates = new ArrayList<>();
            for (int s = 0; s < segments; s++) if (!removed[s]) candidates.add(s);
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int from = 0; from < candidates.size(); from += batch) {
                List<Integer> slice = candidates.subList(from, Math.min(candidates.size(), from + batch));
                List<float[]> images = new ArrayList<>();
                for (int s : slice) images.add(without(current, fill, pixelsOf.get(s), c, plane));
                List<double[]> scored = probabilities(model, images, target);
                for (int k = 0; k < slice.size(); k++) {
                    boolean stillTarget = scored.get(k)[1] == target;
                    if (stillTarget && scored.get(k)[0] > bestScore) {
                        bestScore = scored.get(k)[0];
                        best = slice.get(k);
                    }
                }
            }
            if (best < 0) break;   // every further removal changes the class: this is the minimal image
            removed[best] = true;
            order.add(best);
            current = without(current, fill, pixelsOf.get(best), c, plane);
            curve.add(bestScore);
            progress.update((double) order.size() / (segments - 1), order.size() + " of " + segments + " segments removed");
        }
        return new Removal(target, segmentMap, segments, order.stream().mapToInt(Integer::intValue).toArray(),
                curve.stream().mapToDouble(Double::doubleValue).toArray(), current, fill);
    }

    private static float[] without(float[] image, float[] fill, List<Integer> pixels, int channels, int plane) {
        float[] copy = image.clone();
        for (int p : pixels) for (int ch = 0; ch < channels; ch++) copy[ch * plane + p] = fill[ch * plane + p];
        return copy;
    }

    /** What removed pixels become, in model-input space. */
    private static float[] fill(float[] image, int channels, int h, int w, String kind) {
        int plane = h * w;
        float[] fill = new float[image.length];
        switch (kind == null ? "mean" : kind) {
            case "zero" -> { }
            case "blur" -> {
                float[] blurred = Segmentation.boxBlur(image, channels, h, w, Math.max(2, Math.min(h, w) / 6));
                System.arraycopy(blurred, 0, fill, 0, fill.length);
            }
            default -> {
                for (int ch = 0; ch < channels; ch++) {
                    double sum = 0;
                    for (int p = 0; p < plane; p++) sum += image[ch * plane + p];
                    Arrays.fill(fill, ch * plane, (ch + 1) * plane, (float) (sum / plane));
                }
            }
        }
        return fill;
    }

    /** Per image: the target's probability and the predicted class. */
    private static List<double[]> probabilities(LoadedModel model, List<float[]> images, int target) {
        int c = model.profile().channels(), h = model.profile().height(), w = model.profile().width(), size = c * h * w;
        float[] data = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, data, i * size, size);
        INDArray logits = model.network().logits(Nd4j.create(data, new long[]{images.size(), c, h, w}, 'c'));
        INDArray probabilities = model.network().scores(logits, ScoreKind.PROBABILITY);
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) scored.add(new double[]{probabilities.getDouble(i, target), Layers.argmax(logits.getRow(i))});
        return scored;
    }

    /** Grid cells and SLIC superpixels (Achanta et al. 2012) as a segment index per pixel. */
    static final class Segmentation {

        private Segmentation() {
        }

        static int[] grid(int h, int w, int cells) {
            int[] map = new int[h * w];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) map[y * w + x] = (y * cells / h) * cells + x * cells / w;
            return map;
        }

        /**
         * SLIC on display pixels 0–1: k-means in (colour, position) started on a grid of about {@code count} centres, each
         * pixel compared only with centres within 2S; compactness 10 on a 0–255 colour scale; pieces cut off from their
         * segment are joined to a neighbour, and segments are numbered 0…n−1.
         */
        static int[] slic(float[] pixels, int channels, int h, int w, int count, int iterations) {
            int plane = h * w;
            double step = Math.max(1, Math.sqrt((double) plane / count));
            double compactness = 10;
            List<double[]> centres = new ArrayList<>();   // y, x, colour...
            for (double y = step / 2; y < h; y += step) {
                for (double x = step / 2; x < w; x += step) {
                    double[] centre = new double[2 + channels];
                    centre[0] = y;
                    centre[1] = x;
                    for (int ch = 0; ch < channels; ch++) centre[2 + ch] = 255 * pixels[ch * plane + (int) y * w + (int) x];
                    centres.add(centre);
                }
            }
            int[] label = new int[plane];
            double[] distance = new double[plane];
            for (int iteration = 0; iteration < iterations; iteration++) {
                Arrays.fill(distance, Double.MAX_VALUE);
                for (int k = 0; k < centres.size(); k++) {
                    double[] centre = centres.get(k);
                    int y0 = (int) Math.max(0, centre[0] - 2 * step), y1 = (int) Math.min(h - 1, centre[0] + 2 * step);
                    int x0 = (int) Math.max(0, centre[1] - 2 * step), x1 = (int) Math.min(w - 1, centre[1] + 2 * step);
                    for (int y = y0; y <= y1; y++) {
                        for (int x = x0; x <= x1; x++) {
                            int p = y * w + x;
                            double colour = 0;
                            for (int ch = 0; ch < channels; ch++) {
                                double d = 255 * pixels[ch * plane + p] - centre[2 + ch];
                                colour += d * d;
                            }
                            double space = ((y - centre[0]) * (y - centre[0]) + (x - centre[1]) * (x - centre[1])) / (step * step);
                            double d = colour + space * compactness * compactness;
                            if (d < distance[p]) {
                                distance[p] = d;
                                label[p] = k;
                            }
                        }
                    }
                }
                double[][] sums = new double[centres.size()][3 + channels];
                for (int p = 0; p < plane; p++) {
                    double[] sum = sums[label[p]];
                    sum[0] += p / w;
                    sum[1] += p % w;
                    for (int ch = 0; ch < channels; ch++) sum[2 + ch] += 255 * pixels[ch * plane + p];
                    sum[2 + channels]++;
                }
                for (int k = 0; k < centres.size(); k++) {
                    double n = sums[k][2 + channels];
                    if (n == 0) continue;
                    for (int d = 0; d < 2 + channels; d++) centres.get(k)[d] = sums[k][d] / n;
                }
            }
            return connected(label, h, w, (int) Math.max(1, step * step / 4));
        }

        /** Connected pieces of each label become segments; pieces smaller than {@code minimum} join the segment next to them. */
        private static int[] connected(int[] label, int h, int w, int minimum) {
            int[] segment = new int[label.length];
            Arrays.fill(segment, -1);
            int next = 0;
            int[] neighbours = {-1, 0, 1, 0, 0, -1, 0, 1};
            for (int start = 0; start < label.length; start++) {
                if (segment[start] >= 0) continue;
                List<Integer> piece = new ArrayList<>();
                ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
                segment[start] = next;
                int adjacent = -1;
                while (!queue.isEmpty()) {
                    int p = queue.poll();
                    piece.add(p);
                    for (int d = 0; d < 4; d++) {
                        int y = p / w + neighbours[2 * d], x = p % w + neighbours[2 * d + 1];
                        if (y < 0 || y >= h || x < 0 || x >= w) continue;
                        int q = y * w + x;
                        if (segment[q] >= 0 && segment[q] != next) adjacent = segment[q];
                        if (segment[q] < 0 && label[q] == label[p]) {
                            segment[q] = next;
                            queue.add(q);
                        }
                    }
                }
                if (piece.size() < minimum && adjacent >= 0) {
                    for (int p : piece) segment[p] = adjacent;
                } else {
                    next++;
                }
            }
            return segment;
        }

        /** A box blur of the given radius per channel (separable, edges clamped). */
        static float[] boxBlur(float[] image, int channels, int h, int w, int radius) {
            float[] out = image.clone();
            float[] row = new float[Math.max(h, w)];
            int plane = h * w;
            for (int ch = 0; ch < channels; ch++) {
                for (int pass = 0; pass < 2; pass++) {
                    boolean horizontal = pass == 0;
                    int lines = horizontal ? h : w, length = horizontal ? w : h;
                    for (int line = 0; line < lines; line++) {
                        for (int i = 0; i < length; i++) {
                            double sum = 0;
                            for (int k = -radius; k <= radius; k++) {
                                int j = Math.max(0, Math.min(length - 1, i + k));
                                sum += out[ch * plane + (horizontal ? line * w + j : j * w + line)];
                            }
                            row[i] = (float) (sum / (2 * radius + 1));
                        }
                        for (int i = 0; i < length; i++) out[ch * plane + (horizontal ? line * w + i : i * w + line)] = row[i];
                    }
                }
            }
            return out;
        }
    }
}
