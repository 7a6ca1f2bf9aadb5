package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jArrays;
import org.convlens.engine.Dl4jNetwork;
import org.convlens.engine.ReluBackward;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integrated gradients (Sundararajan, Taly &amp; Yan 2017), as Captum computes them: the input minus the
 * baseline times the integral of the gradient along the straight path from baseline to input, by
 * Gauss–Legendre quadrature (default) or a Riemann sum. The baseline is a constant in model-input space
 * (default 0). Each image reports the completeness delta Σ attribution − (F(input) − F(baseline)).
 * Output {@code attribution}: {@code [N, C, H, W]}.
 */
public final class IntegratedGradients implements Technique<IntegratedGradients.Params> {

    public static final String ID = "integrated-gradients";
    static final List<String> METHODS = List.of("gausslegendre", "riemann_trapezoid", "riemann_left", "riemann_right", "riemann_middle");

    /**
     * @param target   class to explain; null for each image's predicted class
     * @param score    {@code logit} (default) or {@code probability}
     * @param baseline constant baseline in model-input space
     * @param steps    points on the path
     * @param method   quadrature: gausslegendre (default) or riemann_trapezoid|left|right|middle
     * @param batch    path points per backward pass
     */
    public record Params(Integer target, String score, Double baseline, Integer steps, String method, Integer batch) {
        public Params {
            ClassTarget.of(target, score);
            if (steps != null && (steps < 2 || steps > 2000)) throw new UserInputException("steps must be 2–2000");
            if (method != null && !METHODS.contains(method)) throw new UserInputException("ig-method must be one of " + METHODS);
            if (batch != null && (batch < 1 || batch > 1024)) throw new UserInputException("batch must be 1–1024");
        }
    }

    /** Path positions in [0, 1] and their quadrature weights. */
    record Quadrature(double[] alphas, double[] weights) {

        static Quadrature of(String method, int n) {
            double[] alphas = new double[n];
            double[] weights = new double[n];
            switch (method) {
                case "gausslegendre" -> {
                    double[][] legendre = gaussLegendre(n);
                    for (int i = 0; i < n; i++) {
                        alphas[i] = 0.5 * (legendre[0][i] + 1);
                        weights[i] = 0.5 * legendre[1][i];
                    }
                }
                case "riemann_trapezoid" -> {
                    for (int i = 0; i < n; i++) {
                        alphas[i] = (double) i / (n - 1);
                        weights[i] = (i == 0 || i == n - 1 ? 0.5 : 1.0) / (n - 1);
                    }
                }
                default -> {
                    double offset = switch (method) {
                        case "riemann_left" -> 0;
                        case "riemann_right" -> 1;
                        default -> 0.5;
                    };
                    for (int i = 0; i < n; i++) {
                        alphas[i] = (i + offset) / n;
                        weights[i] = 1.0 / n;
                    }
                }
            }
            return new Quadrature(alphas, weights);
        }

        /** Nodes and weights on [-1, 1]: roots of the Legendre polynomial P_n by Newton's method. */
        private static double[][] gaussLegendre(int n) {
            double[] nodes = new double[n];
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
                double derivative = 0;
                for (int iteration = 0; iteration < 100; iteration++) {
                    double p0 = 1, p1 = x;
                    for (int k = 2; k <= n; k++) {
                        double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                        p0 = p1;
                        p1 = p2;
                    }
                    double pn = n == 1 ? x : p1;
                    double pnMinus1 = n == 1 ? 1 : p0;
                    derivative = n * (x * pn - pnMinus1) / (x * x - 1);
                    double step = pn / derivative;
                    x -= step;
                    if (Math.abs(step) < 1e-15) break;
                }
                nodes[n - 1 - i] = x;
                weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative);
            }
            return new double[][]{nodes, weights};
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Integrated gradients";
    }

    @Override
    public Class<Params> parametersType() {
        return Params.class;
    }

    @Override
    public Params defaults() {
        return new Params(null, "logit", 0.0, 50, "gausslegendre", 50);
    }

    @Override
    public AnalysisResult run(Probe probe, Params params, Progress progress) {
        Dl4jNetwork network = probe.model().network();
        ClassTarget requested = ClassTarget.of(params.target(), params.score());
        requested.check(network);
        int steps = params.steps() == null ? 50 : params.steps();
        int batch = params.batch() == null ? 50 : params.batch();
        double baselineValue = params.baseline() == null ? 0 : params.baseline();
        Quadrature quadrature = Quadrature.of(params.method() == null ? "gausslegendre" : params.method(), steps);
        INDArray logits = network.logits(probe.inputs());
        int[] classes = requested.classes(logits);

        List<INDArray> parts = new ArrayList<>();
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int n = 0; n < probe.count(); n++) {
            INDArray x = Layers.slice(probe.inputs(), n, n + 1).dup('c');
            INDArray baseline = x.ulike().assign(baselineValue);
            INDArray difference = x.sub(baseline);
            ClassTarget fixed = new ClassTarget(classes[n], requested.score());
            INDArray total = x.ulike();
            for (int first = 0; first < steps; first += batch) {
                progress.checkCancelled();
                int size = Math.min(batch, steps - first);
                INDArray path = Nd4j.concat(0, java.util.stream.IntStream.range(first, first + size)
                        .mapToObj(k -> baseline.add(difference.mul(quadrature.alphas()[k]))).toArray(INDArray[]::new));
                INDArray gradients = fixed.gradients(network, path, ReluBackward.Rule.GRADIENT, List.of()).input();
                for (int k = 0; k < size; k++) {
                    total.addi(gradients.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(k, k + 1)).mul(quadrature.weights()[first + k]));
                }
                progress.update((n + (double) (first + size) / steps) / probe.count(), "image " + (n + 1) + ": " + (first + size) + " of " + steps + " steps");
            }
            INDArray attribution = total.muli(difference);
            double gap = fixed.score(network, network.logits(x), 0, classes[n]) - fixed.score(network, network.logits(baseline), 0, classes[n]);
            double delta = attribution.sumNumber().doubleValue() - gap;
            parts.add(attribution);
            Map<String, Object> facts = Layers.targetFacts(probe.model(), fixed, logits.getRow(n).reshape(1, logits.size(1))).get(0);
            facts.put("scoreGap", gap);
            facts.put("completenessDelta", delta);
            perImage.add(facts);
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", Dl4jArrays.toTensor(Nd4j.concat(0, parts.toArray(INDArray[]::new))));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("steps", steps);
        facts.put("method", params.method() == null ? "gausslegendre" : params.method());
        facts.put("baseline", baselineValue);
        facts.put("score", requested.score().name().toLowerCase());
        return new AnalysisResult(ID, arrays, perImage, facts);
    }
}
