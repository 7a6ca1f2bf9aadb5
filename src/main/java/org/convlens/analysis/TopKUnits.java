package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.dataset.ImageDataset;
import org.convlens.engine.Dl4jArrays;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.LayerInfo;
import org.convlens.engine.ReceptiveField;
import org.convlens.engine.ReluBackward;
import org.convlens.model.LoadedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Dataset-centric unit visualization (Zeiler &amp; Fergus 2014, figure 2): for every channel of a layer, the k
 * images of a dataset that activate it most (maximum over positions of the layer's output after its
 * activation), the box of the input under that unit's receptive field, and, when asked, the DeConvNet
 * projection of that single activation. One scan of the dataset serves all channels.
 */
public final class TopKUnits {

    /** One of a unit's top images: where it fired and how strongly. {@code box} is {top, left, bottom, right}, inclusive. */
    public record Hit(int image, String name, double activation, int y, int x, int[] box) {
    }

    public record Unit(int channel, List<Hit> top) {
    }

    /** @param projections DeConvNet projections {@code [channels·k, C, H, W]}, unit by unit, best first; null when not asked */
    public record Result(String layer, ReceptiveField receptiveField, List<Unit> units, Tensor projections) {
    }

    private TopKUnits() {
    }

    public static Result scan(LoadedModel model, ImageDataset dataset, String layer, int k, boolean project, int batch, Progress progress) {
        Dl4jNetwork network = model.network();
        LayerInfo info = network.layer(layer);
        if (!info.spatial()) throw new UserInputException("layer " + layer + " has no 2-D maps");
        if (k < 1) throw new UserInputException("k must be at least 1");
        int channels = info.outputShape()[0];
        int width = info.outputShape()[2];
        ReceptiveField field = network.receptiveField(layer);
        List<PriorityQueue<Hit>> best = new ArrayList<>();
        for (int c = 0; c < channels; c++) best.add(new PriorityQueue<>(Comparator.comparingDouble(Hit::activation)));

        for (int start = 0; start < dataset.size(); start += batch) {
            progress.checkCancelled();
            int end = Math.min(dataset.size(), start + batch);
            INDArray maps = network.forward(Layers.datasetBatch(model, dataset, start, end), List.of(layer)).tap(layer);
            INDArray flat = maps.reshape(end - start, channels, -1);
            INDArray maxima = flat.max(2);
            INDArray where = flat.argMax(2);
            for (int b = 0; b < end - start; b++) {
                for (int c = 0; c < channels; c++) {
                    double value = maxima.getDouble(b, c);
                    PriorityQueue<Hit> queue = best.get(c);
                    if (queue.size() < k || value > queue.peek().activation()) {
                        int position = where.getInt(b, c);
                        int y = position / width, x = position % width;
                        queue.add(new Hit(start + b, dataset.name(start + b), value, y, x,
                                field.box(y, x, model.profile().height(), model.profile().width())));
                        if (queue.size() > k) queue.poll();
                    }
                }
            }
            progress.update((double) end / dataset.size() * (project ? 0.7 : 1), end + " of " + dataset.size() + " images");
        }
        List<Unit> units = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            List<Hit> top = new ArrayList<>(best.get(c));
            top.sort(Comparator.comparingDouble(Hit::activation).reversed().thenComparingInt(Hit::image));
            units.add(new Unit(c, top));
        }
        return new Result(layer, field, units, project ? projections(model, dataset, layer, units, batch, progress) : null);
    }

    /** The DeConvNet projection of each top activation alone, seeded with its value as Zeiler &amp; Fergus do. */
    private static Tensor projections(LoadedModel model, ImageDataset dataset, String layer, List<Unit> units, int batch, Progress progress) {
        List<int[]> jobs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Unit unit : units) {
            for (Hit hit : unit.top()) {
                jobs.add(new int[]{hit.image(), unit.channel(), hit.y(), hit.x()});
                values.add(hit.activation());
            }
        }
        List<INDArray> parts = new ArrayList<>();
        for (int start = 0; start < jobs.size(); start += batch) {
            progress.checkCancelled();
            int end = Math.min(jobs.size(), start + batch);
            List<int[]> slice = jobs.subList(start, end);
            INDArray inputs = Nd4j.concat(0, slice.stream().map(job -> Layers.datasetBatch(model, dataset, job[0], job[0] + 1)).toArray(INDArray[]::new));
            int offset = start;
            parts.add(model.network().gradients(inputs, layer, forward -> {
                INDArray seed = Nd4j.zeros(forward.tap(layer).dataType(), forward.tap(layer).shape());
                for (int i = 0; i < slice.size(); i++) {
                    int[] job = slice.get(i);
                    seed.putScalar(new long[]{i, job[1], job[2], job[3]}, values.get(offset + i));
                }
                return seed;
            }, ReluBackward.Rule.DECONVNET, List.of()).input());
            progress.update(0.7 + 0.3 * end / jobs.size(), "projection " + end + " of " + jobs.size());
        }
        return Dl4jArrays.toTensor(Nd4j.concat(0, parts.toArray(INDArray[]::new)));
    }
}
