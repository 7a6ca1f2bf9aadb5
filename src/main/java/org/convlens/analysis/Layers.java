package org.convlens.analysis;

import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.LayerInfo;
import org.convlens.engine.ScoreKind;
import org.convlens.model.LoadedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plumbing the techniques share: choosing layers, slicing batches, naming predictions. */
final class Layers {

    private Layers() {
    }

    static String resolve(Dl4jNetwork network, String requested, java.util.function.Supplier<String> fallback) {
        if (requested == null || requested.isBlank()) return fallback.get();
        List<String> names = network.layers().stream().map(LayerInfo::name).toList();
        if (!names.contains(requested)) throw new UserInputException("no layer named '" + requested + "'; the layers are " + names);
        return requested;
    }

    static String firstConvolution(Dl4jNetwork network) {
        List<String> convolutions = network.convolutionLayers();
        if (!convolutions.isEmpty()) return convolutions.get(0);
        return network.layers().stream().filter(LayerInfo::spatial).findFirst()
                .orElseThrow(() -> new UserInputException("the network has no layer with 2-D feature maps")).name();
    }

    /** The last convolution, else the last layer with 2-D maps, else the output layer. */
    static String lastConvolution(Dl4jNetwork network) {
        List<String> convolutions = network.convolutionLayers();
        if (!convolutions.isEmpty()) return convolutions.get(convolutions.size() - 1);
        List<LayerInfo> spatial = network.layers().stream().filter(LayerInfo::spatial).toList();
        return spatial.isEmpty() ? network.outputLayer() : spatial.get(spatial.size() - 1).name();
    }

    /** Images {@code start..end-1} of a dataset through the model's preprocessing, channels-first. */
    static INDArray datasetBatch(LoadedModel model, org.convlens.dataset.ImageDataset dataset, int start, int end) {
        int size = model.profile().channels() * model.profile().height() * model.profile().width();
        float[] data = new float[(end - start) * size];
        for (int i = start; i < end; i++) {
            System.arraycopy(org.convlens.model.ImagePreprocessor.prepare(dataset.image(i), model.profile()).modelInput(), 0, data, (i - start) * size, size);
        }
        return org.nd4j.linalg.factory.Nd4j.create(data,
                new long[]{end - start, model.profile().channels(), model.profile().height(), model.profile().width()}, 'c');
    }

    /** An image as the model sees it before normalization, pixels 0–1 channels-first, for showing beside results. */
    static float[] displayPixels(LoadedModel model, java.awt.image.BufferedImage image) {
        int[] converted = org.convlens.model.ImagePreprocessor.prepare(image, model.profile()).converted();
        float[] pixels = new float[converted.length];
        for (int i = 0; i < pixels.length; i++) pixels[i] = converted[i] / 255f;
        return pixels;
    }

    static INDArray slice(INDArray batch, int start, int end) {
        return batch.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    static int argmax(INDArray row) {
        return row.argMax().getInt(0);
    }

    /** Per row: the prediction and the explained class with its score. */
    static List<Map<String, Object>> targetFacts(LoadedModel model, ClassTarget target, INDArray logits) {
        int[] classes = target.classes(logits);
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            Map<String, Object> facts = prediction(model, logits, i);
            facts.put("target", classes[i]);
            facts.put("targetLabel", model.profile().label(classes[i]));
            facts.put("targetScore", target.score(model.network(), logits, i, classes[i]));
            rows.add(facts);
        }
        return rows;
    }

    /** The predicted class of row {@code i}, with its logit and probability. */
    static Map<String, Object> prediction(LoadedModel model, INDArray logits, int i) {
        INDArray row = logits.getRow(i).reshape(1, logits.size(1));
        INDArray probabilities = model.network().scores(row, ScoreKind.PROBABILITY);
        int predicted = argmax(row);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("predicted", predicted);
        facts.put("predictedLabel", model.profile().label(predicted));
        facts.put("predictedLogit", row.getDouble(0, predicted));
        facts.put("predictedProbability", probabilities.getDouble(0, predicted));
        return facts;
    }
}
