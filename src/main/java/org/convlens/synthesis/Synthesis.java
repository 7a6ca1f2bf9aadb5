package org.convlens.synthesis;

import org.convlens.analysis.AnalysisResult;
import org.convlens.analysis.Probe;
import org.convlens.analysis.Technique;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.model.ModelProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared run of the synthesis techniques: build the objective for a batch, render, and return the
 * images in model-input space ({@code images}, so a forward pass reproduces the objective), the same
 * images as display pixels 0–1 ({@code pixels}), the objective per step ({@code objective},
 * {@code [N, 1, 1, steps]}) and the snapshots ({@code snapshots}, pixels, {@code [S·N, C, H, W]}).
 */
abstract class Synthesis implements Technique<SynthesisParams> {

    /** The objective for this run and the batch size it renders. */
    record Plan(Objective objective, int images, List<String> captions, float[] start) {
    }

    /** One plan per render; several (inversion of every layer) are rendered in turn and their images concatenated. */
    abstract List<Plan> plans(Probe probe, SynthesisParams params);

    @Override
    public boolean usesImages() {
        return false;
    }

    @Override
    public Class<SynthesisParams> parametersType() {
        return SynthesisParams.class;
    }

    @Override
    public AnalysisResult run(Probe probe, SynthesisParams params, Progress progress) {
        Dl4jNetwork network = probe.model().network();
        ModelProfile profile = probe.model().profile();
        RenderSettings settings = params.settings();
        List<Plan> plans = plans(probe, params);
        int total = plans.stream().mapToInt(Plan::images).sum();
        int imageSize = profile.channels() * profile.height() * profile.width();
        float[] images = new float[total * imageSize];
        List<float[]> curves = new ArrayList<>();
        List<float[]> snapshots = new ArrayList<>();
        List<Integer> snapshotSteps = new ArrayList<>();
        List<Map<String, Object>> perImage = new ArrayList<>();
        List<String> objectives = new ArrayList<>();
        boolean cancelled = false;
        int offset = 0;
        for (int p = 0; p < plans.size() && !cancelled; p++) {
            Plan plan = plans.get(p);
            int index = p;
            Progress part = new Progress() {
                @Override
                public void update(double fraction, String message) {
                    progress.update((index + fraction) / plans.size(), plans.size() > 1 ? plan.captions().get(0) + ": " + message : message);
                }

                @Override
                public boolean cancelled() {
                    return progress.cancelled();
                }

                @Override
                public void preview(Tensor images, int step) {
                    if (plans.size() == 1) progress.preview(new Tensor(images.shape(), profile.displayPixels(images.data())), step);
                }
            };
            int[] shape = {plan.images(), profile.channels(), profile.height(), profile.width()};
            float[] start = plan.start() != null ? plan.start() : Renderer.noise(shape, settings.seed(), 0.1);
            Objective objective = params.negated() ? Objectives.negate(plan.objective()) : plan.objective();
            objectives.add(objective.describe());
            FourierParameterization fourier = settings.fourier() ? new FourierParameterization(shape, profile.pixelScale(), profile.mean(), profile.std()) : null;
            Renderer.Rendering rendering = Renderer.render(network, objective, start, shape, settings, imageBounds(profile), fourier, part);
            cancelled = rendering.cancelled();
            System.arraycopy(rendering.images(), 0, images, offset * imageSize, rendering.images().length);
            for (int i = 0; i < plan.images(); i++) {
                float[] curve = new float[rendering.curve()[i].length];
                for (int s = 0; s < curve.length; s++) curve[s] = (float) rendering.curve()[i][s];
                curves.add(curve);
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("caption", plan.captions().get(i));
                facts.put("finalObjective", curve.length == 0 ? null : (double) curve[curve.length - 1]);
                perImage.add(facts);
            }
            if (plans.size() == 1) {
                snapshots.addAll(rendering.snapshots());
                snapshotSteps.addAll(rendering.snapshotSteps());
            }
            offset += plan.images();
        }
        int rendered = offset;
        int[] shape = {rendered, profile.channels(), profile.height(), profile.width()};
        float[] done = java.util.Arrays.copyOf(images, rendered * imageSize);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("images", new Tensor(shape, done));
        arrays.put("pixels", new Tensor(shape, profile.displayPixels(done)));
        int steps = curves.stream().mapToInt(c -> c.length).max().orElse(0);
        float[] curve = new float[rendered * steps];
        for (int i = 0; i < rendered; i++) System.arraycopy(curves.get(i), 0, curve, i * steps, curves.get(i).length);
        arrays.put("objective", new Tensor(new int[]{rendered, 1, 1, steps}, curve));
        if (!snapshots.isEmpty()) {
            float[] all = new float[snapshots.size() * done.length];
            for (int s = 0; s < snapshots.size(); s++) System.arraycopy(profile.displayPixels(snapshots.get(s)), 0, all, s * done.length, done.length);
            arrays.put("snapshots", new Tensor(new int[]{snapshots.size() * rendered, shape[1], shape[2], shape[3]}, all));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("objective", String.join("; ", objectives));
        facts.put("steps", steps);
        facts.put("snapshotSteps", snapshotSteps);
        facts.put("cancelled", cancelled);
        return new AnalysisResult(id(), arrays, perImage, facts);
    }

    /** Per channel, the model-input values of pixel 0 and pixel 255: the range real images occupy. */
    static double[][] imageBounds(ModelProfile profile) {
        double[][] bounds = new double[2][profile.channels()];
        for (int c = 0; c < profile.channels(); c++) {
            double low = (0 - profile.mean()[c]) / profile.std()[c];
            double high = (255 * profile.pixelScale() - profile.mean()[c]) / profile.std()[c];
            bounds[0][c] = Math.min(low, high);
            bounds[1][c] = Math.max(low, high);
        }
        return bounds;
    }
}
