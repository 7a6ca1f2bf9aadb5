package org.convlens.synthesis;

import org.convlens.base.UserInputException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * The objectives of feature visualization, composable like Lucid's: a class logit (Simonyan's class
 * model), a channel's mean activation, a single neuron, feature matching for inversion (Mahendran &amp;
 * Vedaldi), negation and weighted sums. Each image of a batch can have its own class or channel, which is
 * how a gallery renders a whole layer at once.
 */
public final class Objectives {

    private Objectives() {
    }

    /** The logit of {@code classes[i]} for image i. */
    public static Objective classLogit(int[] classes) {
        return single("class " + describeIndices(classes), null, output -> {
            INDArray gradient = Nd4j.zeros(output.dataType(), output.shape());
            double[] values = new double[classes.length];
            for (int i = 0; i < classes.length; i++) {
                values[i] = output.getDouble(i, classes[i]);
                gradient.putScalar(i, classes[i], 1.0);
            }
            return new Objective.Evaluation(values, gradient);
        });
    }

    /** The mean over positions of channel {@code channels[i]} of {@code layer}, for image i. */
    public static Objective channelMean(String layer, int[] channels) {
        return single("channel " + layer + ":" + describeIndices(channels), layer, output -> {
            checkChannels(layer, output, channels);
            INDArray gradient = Nd4j.zeros(output.dataType(), output.shape());
            long positions = output.size(2) * output.size(3);
            double[] values = new double[channels.length];
            for (int i = 0; i < channels.length; i++) {
                INDArray map = output.get(NDArrayIndex.point(i), NDArrayIndex.point(channels[i]), NDArrayIndex.all(), NDArrayIndex.all());
                values[i] = map.meanNumber().doubleValue();
                gradient.get(NDArrayIndex.point(i), NDArrayIndex.point(channels[i]), NDArrayIndex.all(), NDArrayIndex.all()).assign(1.0 / positions);
            }
            return new Objective.Evaluation(values, gradient);
        });
    }

    /** One neuron: channel, y, x of {@code layer}, the same for every image. */
    public static Objective neuron(String layer, int channel, int y, int x) {
        return single("neuron " + layer + ":" + channel + " at " + y + "," + x, layer, output -> {
            checkChannels(layer, output, new int[]{channel});
            if (y >= output.size(2) || x >= output.size(3)) throw new UserInputException("position " + y + "," + x + " is outside the " + output.size(2) + "×" + output.size(3) + " map");
            INDArray gradient = Nd4j.zeros(output.dataType(), output.shape());
            double[] values = new double[(int) output.size(0)];
            for (int i = 0; i < values.length; i++) {
                values[i] = output.getDouble(i, channel, y, x);
                gradient.putScalar(new long[]{i, channel, y, x}, 1.0);
            }
            return new Objective.Evaluation(values, gradient);
        });
    }

    /** −‖Φ(I) − Φ₀‖² / ‖Φ₀‖² per image: maximizing it inverts the representation {@code target} of {@code layer}. */
    public static Objective featureMatch(String layer, INDArray target) {
        return single("inversion of " + layer, layer, output -> {
            INDArray difference = output.sub(target.castTo(output.dataType()));
            double[] values = new double[(int) output.size(0)];
            INDArray gradient = Nd4j.zeros(output.dataType(), output.shape());
            for (int i = 0; i < values.length; i++) {
                INDArray d = difference.get(NDArrayIndex.point(i));
                double norm = Math.max(1e-12, target.get(NDArrayIndex.point(i)).norm2Number().doubleValue());
                double scale = norm * norm;
                values[i] = -d.norm2Number().doubleValue() * d.norm2Number().doubleValue() / scale;
                gradient.get(NDArrayIndex.point(i)).assign(d.mul(-2.0 / scale));
            }
            return new Objective.Evaluation(values, gradient);
        });
    }

    public static Objective negate(Objective objective) {
        return weighted(objective, -1, "−(" + objective.describe() + ")");
    }

    public static Objective times(double weight, Objective objective) {
        return weighted(objective, weight, weight + " · " + objective.describe());
    }

    public static Objective sum(List<Objective> objectives) {
        List<Objective.Part> parts = new ArrayList<>();
        objectives.forEach(o -> parts.addAll(o.parts()));
        return new Composite(List.copyOf(parts), String.join(" + ", objectives.stream().map(Objective::describe).toList()));
    }

    /** An objective made of parts, with its name. */
    private record Composite(List<Objective.Part> parts, String describe) implements Objective {
    }

    private static Objective weighted(Objective objective, double weight, String name) {
        List<Objective.Part> parts = objective.parts().stream().<Objective.Part>map(part -> new Objective.Part() {
            @Override
            public String layer() {
                return part.layer();
            }

            @Override
            public Objective.Evaluation evaluate(INDArray output) {
                Objective.Evaluation evaluation = part.evaluate(output);
                double[] values = evaluation.values().clone();
                for (int i = 0; i < values.length; i++) values[i] *= weight;
                return new Objective.Evaluation(values, evaluation.gradient().mul(weight));
            }
        }).toList();
        return new Composite(parts, name);
    }

    private static Objective single(String name, String layer, java.util.function.Function<INDArray, Objective.Evaluation> evaluate) {
        Objective.Part part = new Objective.Part() {
            @Override
            public String layer() {
                return layer;
            }

            @Override
            public Objective.Evaluation evaluate(INDArray output) {
                return evaluate.apply(output);
            }
        };
        return new Composite(List.of(part), name);
    }

    private static void checkChannels(String layer, INDArray output, int[] channels) {
        for (int channel : channels) {
            if (channel < 0 || channel >= output.size(1)) throw new UserInputException("layer " + layer + " has " + output.size(1) + " channels, not " + (channel + 1));
        }
        if (output.rank() != 4) throw new UserInputException("layer " + layer + " has no 2-D maps");
    }

    private static String describeIndices(int[] indices) {
        return java.util.Arrays.stream(indices).distinct().count() == 1 ? String.valueOf(indices[0]) : java.util.Arrays.toString(indices);
    }
}
