package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.dataset.DatasetSource;
import org.convlens.dataset.ImageDataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-k images of every channel of a layer over a dataset, as an experiment: the images
 * themselves ({@code images}, display pixels 0–1, unit by unit, best first), their DeConvNet projections
 * ({@code projections}) and, in the facts, each hit's image, activation, position and receptive-field box.
 * Models of another input size see the dataset resized and converted like any image. See {@link TopKUnits}.
 */
public final class TopK extends DatasetTechnique<TopK.Params> {

    public static final String ID = "topk";

    /**
     * @param layer   layer whose channels are ranked; null for the last convolution
     * @param k       images per channel
     * @param limit   scan only the first N images of the dataset (0: all)
     * @param project compute the DeConvNet projection of every top activation
     * @param dataset the images to scan; the built-in Fashion-MNIST test set by default
     */
    public record Params(String layer, Integer k, Integer limit, Boolean project, String dataset) {
        public Params {
            if (k != null && (k < 1 || k > 100)) throw new UserInputException("k must be 1–100");
            if (limit != null && limit < 0) throw new UserInputException("limit must be ≥ 0");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Top-k dataset images per unit";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, 9, 0, true, DatasetSource.FASHION_MNIST);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        String layer = Layers.resolve(probe.model().network(), params.layer(), () -> Layers.lastConvolution(probe.model().network()));
        int k = params.k() == null ? 9 : params.k();
        ImageDataset dataset = probe.datasets().open(params.dataset(), params.limit() == null ? 0 : params.limit());
        TopKUnits.Result result = TopKUnits.scan(probe.model(), dataset, layer, k, !Boolean.FALSE.equals(params.project()), 256, progress);

        int c = probe.model().profile().channels(), h = probe.model().profile().height(), w = probe.model().profile().width();
        List<Map<String, Object>> hits = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        for (TopKUnits.Unit unit : result.units()) {
            for (TopKUnits.Hit hit : unit.top()) {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("channel", unit.channel());
                facts.put("image", hit.name());
                facts.put("activation", hit.activation());
                facts.put("position", List.of(hit.y(), hit.x()));
                facts.put("box", List.of(hit.box()[0], hit.box()[1], hit.box()[2], hit.box()[3]));
                hits.add(facts);
                pixels.add(Layers.displayPixels(probe.model(), dataset.image(hit.image())));
            }
        }
        float[] all = new float[pixels.size() * c * h * w];
        for (int i = 0; i < pixels.size(); i++) System.arraycopy(pixels.get(i), 0, all, i * c * h * w, c * h * w);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("images", new Tensor(new int[]{pixels.size(), c, h, w}, all));
        if (result.projections() != null) arrays.put("projections", result.projections());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("layer", layer);
        facts.put("k", k);
        facts.put("dataset", (params.dataset() == null ? DatasetSource.FASHION_MNIST : params.dataset()) + ", " + dataset.size() + " images");
        facts.put("receptiveField", result.receptiveField().describe());
        return new AnalysisResult(ID, arrays, hits, facts);
    }
}
