package org.convlens.synthesis;

import org.convlens.Fixtures;
import org.convlens.analysis.AnalysisResult;
import org.convlens.analysis.Probe;
import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.dataset.BuiltInData;
import org.convlens.engine.Dl4jArrays;
import org.convlens.engine.ScoreKind;
import org.convlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


import static org.assertj.core.api.Assertions.assertThat;

/** Synthesis on the built-in model: class models, units, inversion, and what each regularizer claims. */
class SynthesisTest {

    static final LoadedModel model = Fixtures.loadBuiltIn();

    private static Probe blank() {
        return new Probe(model, Nd4j.zeros(1, 1, 28, 28));
    }

    private static SynthesisParams settings(Integer target, String layer, Integer channel, int steps, double l2, double tv, int blurEvery,
                                            int jitter, double clipNorm, long seed) {
        return new SynthesisParams(target, layer, channel, null, false, steps, 0.05, seed, "adam", l2, tv, 2.0, 6.0, 0.0, blurEvery, 1.0,
                jitter, clipNorm, 0.0, 0, true, 0.0, 0.0, null, "pixels", null);
    }

    @Test
    void everyClassModelIsClassifiedAsItsClassWithProbabilityAtLeast099() {
        AnalysisResult result = new ClassModel().run(blank(), new ClassModel().defaults(), Progress.NONE);
        Tensor images = result.arrays().get("images");
        assertThat(images.shape()).containsExactly(10, 1, 28, 28);
        INDArray probabilities = model.network().scores(model.network().logits(Dl4jArrays.toArray(images)), ScoreKind.PROBABILITY);
        for (int c = 0; c < 10; c++) {
            assertThat(probabilities.getDouble(c, c)).as("class %d (%s)", c, BuiltInData.FASHION_CLASSES.get(c)).isGreaterThanOrEqualTo(0.99);
        }
        Tensor curve = result.arrays().get("objective");
        assertThat(curve.data()[199]).as("objective rises").isGreaterThan(curve.data()[0]);
        assertThat(result.arrays().get("snapshots").dim(0)).isEqualTo(10 * 10);
    }

    @Test
    void aListOfClassesRendersThoseClassesInOrder() {
        SynthesisParams params = new SynthesisParams(null, null, null, null, false, 5, 0.05, 0L, "adam", 0.0, 0.0, 2.0, 6.0, 0.0, 0, 0.5, 0,
                0.0, 0.0, 0, true, 0.0, 0.0, null, "pixels", "7, 2");
        AnalysisResult result = new ClassModel().run(blank(), params, Progress.NONE);
        assertThat(result.perImage()).extracting(facts -> facts.get("caption")).containsExactly("7: Sneaker", "2: Pullover");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClassModel().run(blank(), new SynthesisParams(null, null, null, null, false, 5, 0.05,
                0L, "adam", 0.0, 0.0, 2.0, 6.0, 0.0, 0, 0.5, 0, 0.0, 0.0, 0, true, 0.0, 0.0, null, "pixels", "12"), Progress.NONE))
                .hasMessageContaining("class 12 is not a class");
    }

    @Test
    void sameSeedSameImageOtherSeedOtherImage() {
        SynthesisParams params = settings(3, null, null, 20, 0.001, 0.0, 0, 1, 0, 7);
        Tensor first = new ClassModel().run(blank(), params, Progress.NONE).main();
        Tensor again = new ClassModel().run(blank(), params, Progress.NONE).main();
        Tensor other = new ClassModel().run(blank(), settings(3, null, null, 20, 0.001, 0.0, 0, 1, 0, 8), Progress.NONE).main();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void totalVariationAndL2DoWhatTheyClaim() {
        Tensor plain = new ClassModel().run(blank(), settings(5, null, null, 60, 0.0, 0.0, 0, 0, 0, 1), Progress.NONE).main();
        Tensor smooth = new ClassModel().run(blank(), settings(5, null, null, 60, 0.0, 0.05, 0, 0, 0, 1), Progress.NONE).main();
        Tensor small = new ClassModel().run(blank(), settings(5, null, null, 60, 0.5, 0.0, 0, 0, 0, 1), Progress.NONE).main();
        assertThat(tv(smooth)).isLessThan(tv(plain));
        assertThat(norm(small)).isLessThan(norm(plain));
    }

    @Test
    void blurLowersHighFrequencyEnergy() {
        Tensor sharp = new ClassModel().run(blank(), settings(7, null, null, 40, 0.0, 0.0, 0, 0, 0, 2), Progress.NONE).main();
        Tensor blurred = new ClassModel().run(blank(), settings(7, null, null, 40, 0.0, 0.0, 4, 0, 0, 2), Progress.NONE).main();
        assertThat(highFrequencyEnergy(blurred)).isLessThan(highFrequencyEnergy(sharp));
    }

    @Test
    void clippingByNormZeroesTheIntendedFraction() {
        float[] image = Renderer.noise(new int[]{2, 3, 10, 10}, 4, 1.0);
        ImageOps.clipBelowPercentile(image, ImageOps.pixelNorms(image, 2, 3, 100), 2, 3, 100, 30);
        for (int i = 0; i < 2; i++) {
            int zero = 0;
            for (int p = 0; p < 100; p++) if (image[(i * 3) * 100 + p] == 0 && image[(i * 3 + 1) * 100 + p] == 0 && image[(i * 3 + 2) * 100 + p] == 0) zero++;
            assertThat(zero).as("image %d", i).isEqualTo(30);
        }
        Tensor clipped = new ClassModel().run(blank(), settings(2, null, null, 10, 0.0, 0.0, 0, 0, 50, 1), Progress.NONE).main();
        long zeros = 0;
        for (float v : clipped.data()) if (v == 0) zeros++;
        assertThat(zeros).isEqualTo(28 * 28 / 2);
    }

    @Test
    void totalVariationGradientMatchesFiniteDifferences() {
        float[] image = Renderer.noise(new int[]{1, 2, 5, 6}, 9, 1.0);
        float[] gradient = new float[image.length];
        ImageOps.totalVariation(image, 1, 2, 5, 6, 1.5, gradient);
        for (int k = 0; k < image.length; k += 7) {
            float[] plus = image.clone();
            float[] minus = image.clone();
            plus[k] += 1e-3f;
            minus[k] -= 1e-3f;
            double numeric = (ImageOps.totalVariation(plus, 1, 2, 5, 6, 1.5, null)[0] - ImageOps.totalVariation(minus, 1, 2, 5, 6, 1.5, null)[0]) / 2e-3;
            assertThat((double) gradient[k]).isCloseTo(numeric, org.assertj.core.api.Assertions.within(2e-2 * Math.max(1, Math.abs(numeric))));
        }
    }

    /** ⟨W x, y⟩ = ⟨x, Wᵀ y⟩: the adjoint warp really carries gradients back through the random scale and rotation. */
    @Test
    void warpAdjointPassesTheDotProductTest() {
        float[] x = Renderer.noise(new int[]{1, 2, 9, 11}, 1, 1.0);
        float[] y = Renderer.noise(new int[]{1, 2, 9, 11}, 2, 1.0);
        float[] wx = ImageOps.warp(x, 2, 9, 11, 1.13, 0.3, false);
        float[] wty = ImageOps.warp(y, 2, 9, 11, 1.13, 0.3, true);
        double left = 0, right = 0;
        for (int k = 0; k < x.length; k++) {
            left += wx[k] * y[k];
            right += x[k] * wty[k];
        }
        assertThat(left).isCloseTo(right, org.assertj.core.api.Assertions.within(1e-4 * Math.abs(left)));
        assertThat(ImageOps.warp(x, 2, 9, 11, 1.0, 0.0, false)).containsExactly(x);
    }

    @Test
    void randomScaleAndRotationStayDeterministic() {
        SynthesisParams params = new SynthesisParams(4, null, null, null, false, 15, 0.05, 5L, "adam", 0.001, 0.0, 2.0, 6.0, 0.0, 0, 0.5, 1,
                0.0, 0.0, 0, true, 0.1, 10.0, null, "pixels", null);
        Tensor first = new ClassModel().run(blank(), params, Progress.NONE).main();
        assertThat(new ClassModel().run(blank(), params, Progress.NONE).main()).isEqualTo(first);
    }

    /** The Fourier parameterization's pull-back against finite differences, in colour (with decorrelation) and gray. */
    @Test
    void fourierPullBackMatchesFiniteDifferences() {
        for (int channels : new int[]{3, 1}) {
            int[] shape = {1, channels, 6, 5};
            double[] mean = channels == 3 ? new double[]{0.485, 0.456, 0.406} : new double[]{0.5};
            double[] std = channels == 3 ? new double[]{0.229, 0.224, 0.225} : new double[]{0.25};
            FourierParameterization fourier = new FourierParameterization(shape, 1.0 / 255, mean, std);
            float[] spectrum = Renderer.noise(new int[]{fourier.size()}, 3, 0.5);
            float[] weights = Renderer.noise(shape, 4, 1.0);
            float[] analytic = fourier.pullBack(spectrum, weights);
            for (int k = 0; k < spectrum.length; k += 5) {
                float[] plus = spectrum.clone();
                float[] minus = spectrum.clone();
                plus[k] += 1e-2f;
                minus[k] -= 1e-2f;
                double numeric = (dot(fourier.image(plus), weights) - dot(fourier.image(minus), weights)) / 2e-2;
                assertThat((double) analytic[k]).as("channels %d, variable %d", channels, k)
                        .isCloseTo(numeric, org.assertj.core.api.Assertions.within(2e-3 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    @Test
    void fourierClassModelsAreClassifiedTooAndStayInRange() {
        SynthesisParams params = new SynthesisParams(8, null, null, null, false, 150, 0.05, 1L, "adam", 0.0, 0.0, 2.0, 6.0, 0.0, 0, 0.5, 1,
                0.0, 0.0, 0, true, 0.0, 0.0, null, "fourier", null);
        AnalysisResult result = new ClassModel().run(blank(), params, Progress.NONE);
        INDArray probabilities = model.network().scores(model.network().logits(Dl4jArrays.toArray(result.main())), ScoreKind.PROBABILITY);
        assertThat(probabilities.getDouble(0, 8)).isGreaterThanOrEqualTo(0.99);
        for (float v : result.arrays().get("pixels").data()) assertThat(v).isBetween(0f, 1f);
    }

    /** A 224×224 RGB model with ImageNet mean/std: both parameterizations raise the objective and keep real pixel values. */
    @Test
    void rgbModelOfImagenetSizeWithMeanAndStd() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(4).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(8, 8).stride(4, 4).name("conv").nOut(6)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(4, 4).stride(4, 4).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                        .nOut(5).activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(224, 224, 3)).build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        var spec = new org.convlens.engine.InputSpec(224, 224, 3, org.convlens.engine.InputSpec.Layout.NCHW);
        var profile = new org.convlens.model.ModelProfile(224, 224, 3, spec.layout(), 1.0 / 255,
                new double[]{0.485, 0.456, 0.406}, new double[]{0.229, 0.224, 0.225}, java.util.List.of("a", "b", "c", "d", "e"));
        LoadedModel rgb = new LoadedModel("rgb", "rgb", org.convlens.engine.Dl4jNetwork.of(net, spec), profile);
        Probe probe = new Probe(rgb, Nd4j.zeros(1, 3, 224, 224));
        for (String parameterization : new String[]{"pixels", "fourier"}) {
            SynthesisParams params = new SynthesisParams(null, "conv", 2, null, false, 12, 0.05, 1L, "adam", 0.0, 0.0, 2.0, 6.0, 0.0, 0, 0.5, 2,
                    0.0, 0.0, 0, true, 0.05, 5.0, null, parameterization, null);
            AnalysisResult result = new UnitVisualization().run(probe, params, Progress.NONE);
            float[] curve = result.arrays().get("objective").data();
            assertThat(curve[curve.length - 1]).as(parameterization).isGreaterThan(curve[0]);
            assertThat(result.main().shape()).containsExactly(1, 3, 224, 224);
            double[][] bounds = Synthesis.imageBounds(profile);
            float[] images = result.main().data();
            for (int k = 0; k < images.length; k++) {
                int c = k / (224 * 224);
                assertThat((double) images[k]).isBetween(bounds[0][c] - 1e-4, bounds[1][c] + 1e-4);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) sum += a[k] * b[k];
        return sum;
    }

    @Test
    void inversionOfTheFirstConvolutionEndsBelowTenPercentError() {
        int index = BuiltInData.fashionMnistTest().nthOfClass(7, 0);
        float[] pixels = new float[28 * 28];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (BuiltInData.fashionMnistTest().pixels()[index * 784 + i] & 0xff) / 255f;
        Probe probe = new Probe(model, Nd4j.create(pixels, new long[]{1, 1, 28, 28}, 'c'));
        AnalysisResult result = new Inversion().run(probe, new Inversion().defaults(), Progress.NONE);
        float[] curve = result.arrays().get("objective").data();
        double first = -curve[0];
        double last = -curve[curve.length - 1];
        // The curve includes the TV penalty; the feature error alone is measured on the result.
        INDArray target = model.network().forward(probe.inputs(), java.util.List.of("conv1")).tap("conv1");
        INDArray reconstruction = model.network().forward(Dl4jArrays.toArray(result.main()), java.util.List.of("conv1")).tap("conv1");
        double error = Math.pow(reconstruction.sub(target).norm2Number().doubleValue(), 2) / Math.pow(target.norm2Number().doubleValue(), 2);
        assertThat(last).isLessThan(first);
        assertThat(error).isLessThan(0.1);
    }

    @Test
    void cancelledRenderingKeepsItsLastSnapshot() {
        Progress stopAfterFive = new Progress() {
            int updates;

            @Override
            public void update(double fraction, String message) {
                updates++;
            }

            @Override
            public boolean cancelled() {
                return updates >= 5;
            }
        };
        AnalysisResult result = new UnitVisualization().run(blank(), settings(null, "conv1", 2, 100, 0.001, 0.0, 0, 0, 0, 1), stopAfterFive);
        assertThat(result.facts()).containsEntry("cancelled", true).containsEntry("steps", 5);
        assertThat(result.arrays().get("snapshots").dim(0)).isEqualTo(1);
        assertThat(result.facts().get("snapshotSteps")).isEqualTo(java.util.List.of(5));
    }

    private static double tv(Tensor images) {
        return ImageOps.totalVariation(images.data(), images.dim(0), images.dim(1), images.dim(2), images.dim(3), 2.0, null)[0];
    }

    private static double norm(Tensor images) {
        double sum = 0;
        for (float v : images.data()) sum += v * v;
        return Math.sqrt(sum);
    }

    /** Energy of the image minus its 3×3 box-blurred self. */
    private static double highFrequencyEnergy(Tensor images) {
        int h = images.dim(2), w = images.dim(3);
        float[] data = images.data();
        double energy = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double mean = 0;
                for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) mean += data[(y + dy) * w + x + dx];
                double detail = data[y * w + x] - mean / 9;
                energy += detail * detail;
            }
        }
        return energy;
    }
}
