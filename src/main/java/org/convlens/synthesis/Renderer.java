package org.convlens.synthesis;

import org.convlens.base.Progress;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.ReluBackward;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The optimization loop of feature visualization: jitter the image, take the objective's gradient through
 * the network, add the regularizers' gradients, take an Adam (or plain ascent) step, then blur and clip as
 * configured. Images live in model-input space, channels-first. Deterministic for a given seed.
 */
public final class Renderer {

    /**
     * @param images    the final images {@code [N, C, H, W]}
     * @param curve     the regularized objective per image and step {@code [N][steps done]}
     * @param snapshots the images every {@code snapshotEvery} steps, and the last one when cancelled
     * @param cancelled whether the caller stopped the run early
     */
    public record Rendering(float[] images, int[] shape, double[][] curve, List<float[]> snapshots, List<Integer> snapshotSteps, boolean cancelled) {
    }

    private Renderer() {
    }

    /** Small Gaussian noise, the usual starting point. */
    public static float[] noise(int[] shape, long seed, double sd) {
        Random random = new Random(seed);
        int size = 1;
        for (int d : shape) size *= d;
        float[] data = new float[size];
        for (int i = 0; i < size; i++) data[i] = (float) (sd * random.nextGaussian());
        return data;
    }

    /**
     * @param bounds per channel, the lowest and highest model-input value a real image can have ({@code [2][C]}); used
     *               when {@link RenderSettings#clampToImage()} is set
     */
    public static Rendering render(Dl4jNetwork network, Objective objective, float[] start, int[] shape, RenderSettings settings,
                                   double[][] bounds, FourierParameterization fourier, Progress progress) {
        int n = shape[0], channels = shape[1], height = shape[2], width = shape[3];
        int plane = height * width;
        float[] parameters = fourier != null ? fourier.start(settings.seed()) : start.clone();
        float[] image = fourier != null ? fourier.image(parameters) : parameters;
        float[] m = new float[parameters.length];
        float[] v = new float[parameters.length];
        Random random = new Random(settings.seed() + 1);
        List<double[]> curve = new ArrayList<>();
        List<float[]> snapshots = new ArrayList<>();
        List<Integer> snapshotSteps = new ArrayList<>();
        boolean cancelled = false;
        for (int step = 1; step <= settings.steps(); step++) {
            if (progress.cancelled()) {
                cancelled = true;
                break;
            }
            int dy = settings.jitter() > 0 ? random.nextInt(2 * settings.jitter() + 1) - settings.jitter() : 0;
            int dx = settings.jitter() > 0 ? random.nextInt(2 * settings.jitter() + 1) - settings.jitter() : 0;
            double scale = settings.scale() > 0 ? 1 + settings.scale() * (2 * random.nextDouble() - 1) : 1;
            double radians = settings.rotate() > 0 ? Math.toRadians(settings.rotate() * (2 * random.nextDouble() - 1)) : 0;
            boolean warped = scale != 1 || radians != 0;
            float[] transformed = ImageOps.roll(image, n * channels, height, width, dy, dx);
            if (warped) transformed = ImageOps.warp(transformed, n * channels, height, width, scale, radians, false);
            double[] values = new double[n];
            float[] gradient = objectiveGradient(network, objective, transformed, shape, values);
            if (warped) gradient = ImageOps.warp(gradient, n * channels, height, width, scale, radians, true);
            gradient = ImageOps.roll(gradient, n * channels, height, width, -dy, -dx);

            regularize(image, gradient, values, shape, settings);
            float[] parameterGradient = fourier != null ? fourier.pullBack(parameters, gradient) : gradient;
            if (settings.optimizer().equals("adam")) {
                double b1 = 0.9, b2 = 0.999;
                double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
                for (int k = 0; k < parameters.length; k++) {
                    m[k] = (float) (b1 * m[k] + (1 - b1) * parameterGradient[k]);
                    v[k] = (float) (b2 * v[k] + (1 - b2) * parameterGradient[k] * parameterGradient[k]);
                    parameters[k] += (float) (settings.lr() * (m[k] / c1) / (Math.sqrt(v[k] / c2) + 1e-8));
                }
            } else {
                for (int k = 0; k < parameters.length; k++) parameters[k] += (float) (settings.lr() * parameterGradient[k]);
            }
            if (fourier != null) {
                image = fourier.image(parameters);
            } else if (settings.clampToImage()) {
                clamp(image, channels, plane, bounds);
            }
            if (settings.blurEvery() > 0 && step % settings.blurEvery() == 0) {
                image = ImageOps.blur(image, n * channels, height, width, settings.blurSigma());
                parameters = image;
            }
            if (settings.clipNorm() > 0) {
                ImageOps.clipBelowPercentile(image, ImageOps.pixelNorms(image, n, channels, plane), n, channels, plane, settings.clipNorm());
            }
            if (settings.clipContribution() > 0) {
                ImageOps.clipBelowPercentile(image, ImageOps.pixelContributions(image, gradient, n, channels, plane), n, channels, plane, settings.clipContribution());
            }
            curve.add(values);
            if (settings.snapshotEvery() > 0 && step % settings.snapshotEvery() == 0) {
                snapshots.add(image.clone());
                snapshotSteps.add(step);
                progress.preview(new org.convlens.base.Tensor(shape.clone(), image.clone()), step);
            }
            progress.update((double) step / settings.steps(), String.format("step %d of %d, objective %.4g", step, settings.steps(), values[0]));
        }
        if (cancelled && (snapshotSteps.isEmpty() || snapshotSteps.get(snapshotSteps.size() - 1) != curve.size())) {
            snapshots.add(image.clone());
            snapshotSteps.add(curve.size());
        }
        double[][] perImage = new double[n][curve.size()];
        for (int s = 0; s < curve.size(); s++) for (int i = 0; i < n; i++) perImage[i][s] = curve.get(s)[i];
        return new Rendering(image, shape, perImage, snapshots, snapshotSteps, cancelled);
    }

    private static void clamp(float[] image, int channels, int plane, double[][] bounds) {
        for (int k = 0; k < image.length; k++) {
            int c = (k / plane) % channels;
            image[k] = (float) Math.max(bounds[0][c], Math.min(bounds[1][c], image[k]));
        }
    }

    /** Adds the regularizers' ascent directions to {@code gradient} and their penalties to {@code values}. */
    private static void regularize(float[] image, float[] gradient, double[] values, int[] shape, RenderSettings settings) {
        int n = shape[0];
        int perImage = image.length / n;
        if (settings.l2() > 0) {
            for (int k = 0; k < image.length; k++) {
                gradient[k] -= (float) (2 * settings.l2() * image[k]);
                values[k / perImage] -= settings.l2() * image[k] * image[k];
            }
        }
        if (settings.alphaWeight() > 0) {
            for (int k = 0; k < image.length; k++) {
                double magnitude = Math.abs(image[k]);
                gradient[k] -= (float) (settings.alphaWeight() * settings.alpha() * Math.pow(magnitude, settings.alpha() - 1) * Math.signum(image[k]));
                values[k / perImage] -= settings.alphaWeight() * Math.pow(magnitude, settings.alpha());
            }
        }
        if (settings.tv() > 0) {
            float[] tvGradient = new float[image.length];
            double[] tv = ImageOps.totalVariation(image, n, shape[1], shape[2], shape[3], settings.tvBeta(), tvGradient);
            for (int k = 0; k < image.length; k++) gradient[k] -= (float) (settings.tv() * tvGradient[k]);
            for (int i = 0; i < n; i++) values[i] -= settings.tv() * tv[i];
        }
    }

    /** The objective's gradient with respect to the input, one backward pass per layer it reads; fills {@code values}. */
    static float[] objectiveGradient(Dl4jNetwork network, Objective objective, float[] images, int[] shape, double[] values) {
        INDArray input = Nd4j.create(images, new long[]{shape[0], shape[1], shape[2], shape[3]}, 'c');
        Map<String, List<Objective.Part>> byLayer = new LinkedHashMap<>();
        for (Objective.Part part : objective.parts()) byLayer.computeIfAbsent(part.layer() == null ? "" : part.layer(), k -> new ArrayList<>()).add(part);
        float[] total = new float[images.length];
        for (Map.Entry<String, List<Objective.Part>> layer : byLayer.entrySet()) {
            String seedLayer = layer.getKey().isEmpty() ? null : layer.getKey();
            INDArray gradient = network.gradients(input, seedLayer, forward -> {
                INDArray output = seedLayer == null ? forward.logits() : forward.tap(seedLayer);
                INDArray seed = Nd4j.zeros(output.dataType(), output.shape());
                for (Objective.Part part : layer.getValue()) {
                    Objective.Evaluation evaluation = part.evaluate(output);
                    seed.addi(evaluation.gradient().castTo(output.dataType()));
                    for (int i = 0; i < values.length; i++) values[i] += evaluation.values()[i];
                }
                return seed;
            }, ReluBackward.Rule.GRADIENT, List.of()).input();
            float[] data = gradient.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int k = 0; k < total.length; k++) total[k] += data[k];
        }
        return total;
    }
}
