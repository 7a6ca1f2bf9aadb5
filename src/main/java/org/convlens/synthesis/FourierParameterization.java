package org.convlens.synthesis;

/**
 * Lucid's image parameterization (Olah et al. 2017, "Feature Visualization"): the optimized variables are a
 * Fourier spectrum per channel, scaled by 1/frequency so that all frequencies learn at a similar rate,
 * turned into an image by the inverse transform, decorrelated into RGB with the square root of ImageNet's
 * colour covariance (Lucid's matrix), and squashed into [0, 1] by a sigmoid. The image is then
 * preprocessed like any input of the model. {@link #pullBack} carries gradients back exactly.
 * <p>
 * Spectrum layout: per image and channel, H·W complex values (real and imaginary parts interleaved) of a
 * full two-dimensional DFT; the image is the real part of the inverse transform.
 */
final class FourierParameterization {

    /** Lucid's color_correlation_svd_sqrt. */
    private static final double[][] COLOUR = {{0.26, 0.09, 0.02}, {0.27, 0.00, -0.05}, {0.27, -0.09, 0.03}};
    private static final double[][] COLOUR_NORMALIZED = normalizedColour();

    private final int n, channels, height, width;
    private final double[] frequencyScale;
    private final double pixelToInput;
    private final double[] mean, std;
    private final double[] cosW, sinW, cosH, sinH;

    /**
     * @param pixelScale, mean, std the model's preprocessing: input = (pixel·255·pixelScale − mean) / std
     */
    FourierParameterization(int[] shape, double pixelScale, double[] mean, double[] std) {
        this.n = shape[0];
        this.channels = shape[1];
        this.height = shape[2];
        this.width = shape[3];
        this.pixelToInput = 255 * pixelScale;
        this.mean = mean;
        this.std = std;
        double[][] rows = twiddles(width), columns = twiddles(height);
        cosW = rows[0];
        sinW = rows[1];
        cosH = columns[0];
        sinH = columns[1];
        frequencyScale = new double[height * width];
        for (int u = 0; u < height; u++) {
            double fu = Math.min(u, height - u) / (double) height;
            for (int v = 0; v < width; v++) {
                double fv = Math.min(v, width - v) / (double) width;
                frequencyScale[u * width + v] = 1.0 / Math.max(Math.sqrt(fu * fu + fv * fv), 1.0 / Math.max(height, width));
            }
        }
    }

    int size() {
        return n * channels * height * width * 2;
    }

    /** Lucid's start: a small random spectrum. */
    float[] start(long seed) {
        return Renderer.noise(new int[]{size()}, seed, 0.01);
    }

    /** Spectrum → model input {@code [N, C, H, W]}. */
    float[] image(float[] spectrum) {
        double[] raw = decorrelated(spatial(spectrum));
        float[] input = new float[raw.length];
        int plane = height * width;
        for (int k = 0; k < raw.length; k++) {
            int c = (k / plane) % channels;
            double pixel = 1 / (1 + Math.exp(-raw[k]));
            input[k] = (float) ((pixel * pixelToInput - mean[c]) / std[c]);
        }
        return input;
    }

    /** d objective / d spectrum from d objective / d (model input). */
    float[] pullBack(float[] spectrum, float[] inputGradient) {
        double[] raw = decorrelated(spatial(spectrum));
        int plane = height * width;
        double[] rawGradient = new double[raw.length];
        for (int k = 0; k < raw.length; k++) {
            int c = (k / plane) % channels;
            double pixel = 1 / (1 + Math.exp(-raw[k]));
            rawGradient[k] = inputGradient[k] * pixelToInput / std[c] * pixel * (1 - pixel);
        }
        double[] spatialGradient = decorrelatedTranspose(rawGradient);
        float[] gradient = new float[spectrum.length];
        double[] re = new double[plane], im = new double[plane];
        for (int p = 0; p < n * channels; p++) {
            for (int k = 0; k < plane; k++) {
                re[k] = spatialGradient[p * plane + k];
                im[k] = 0;
            }
            // x = Re(IDFT(z · s)) ⇒ ∂L/∂z = s · DFT(∂L/∂x) / (H·W), real and imaginary parts alike.
            dft2(re, im, -1);
            for (int k = 0; k < plane; k++) {
                double scale = frequencyScale[k] / plane / 4;
                gradient[2 * (p * plane + k)] = (float) (re[k] * scale);
                gradient[2 * (p * plane + k) + 1] = (float) (im[k] * scale);
            }
        }
        return gradient;
    }

    /** Re(IDFT(spectrum · scale)) / 4 per plane, as Lucid divides by 4. */
    private double[] spatial(float[] spectrum) {
        int plane = height * width;
        double[] out = new double[n * channels * plane];
        double[] re = new double[plane], im = new double[plane];
        for (int p = 0; p < n * channels; p++) {
            for (int k = 0; k < plane; k++) {
                re[k] = spectrum[2 * (p * plane + k)] * frequencyScale[k];
                im[k] = spectrum[2 * (p * plane + k) + 1] * frequencyScale[k];
            }
            dft2(re, im, +1);
            for (int k = 0; k < plane; k++) out[p * plane + k] = re[k] / plane / 4;
        }
        return out;
    }

    private double[] decorrelated(double[] values) {
        return colourMix(values, false);
    }

    private double[] decorrelatedTranspose(double[] values) {
        return colourMix(values, true);
    }

    /** rgb[c] = Σ_d M[c][d] · raw[d] per pixel (or the transpose); gray images are left alone. */
    private double[] colourMix(double[] values, boolean transpose) {
        if (channels != 3) return values;
        int plane = height * width;
        double[] out = new double[values.length];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int d = 0; d < 3; d++) {
                    double m = transpose ? COLOUR_NORMALIZED[d][c] : COLOUR_NORMALIZED[c][d];
                    for (int k = 0; k < plane; k++) out[(i * 3 + c) * plane + k] += m * values[(i * 3 + d) * plane + k];
                }
            }
        }
        return out;
    }

    /** In-place separable 2-D DFT of one plane; sign +1 for the inverse direction (without the 1/N). */
    private void dft2(double[] re, double[] im, int sign) {
        for (int y = 0; y < height; y++) dft1(re, im, y * width, 1, width, cosW, sinW, sign);
        for (int x = 0; x < width; x++) dft1(re, im, x, width, height, cosH, sinH, sign);
    }

    /** In-place DFT of the {@code length} values at {@code offset}, {@code offset + stride}, … */
    private static void dft1(double[] re, double[] im, int offset, int stride, int length, double[] cos, double[] sin, int sign) {
        double[] outRe = new double[length], outIm = new double[length];
        for (int k = 0; k < length; k++) {
            double sr = 0, si = 0;
            for (int j = 0; j < length; j++) {
                double c = cos[k * length + j], s = sign * sin[k * length + j];
                double r = re[offset + j * stride], i = im[offset + j * stride];
                sr += r * c - i * s;
                si += r * s + i * c;
            }
            outRe[k] = sr;
            outIm[k] = si;
        }
        for (int k = 0; k < length; k++) {
            re[offset + k * stride] = outRe[k];
            im[offset + k * stride] = outIm[k];
        }
    }

    /** cos and sin of 2π·k·j/size for every k, j: the DFT's twiddle factors, computed once. */
    private static double[][] twiddles(int size) {
        double[] cos = new double[size * size], sin = new double[size * size];
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < size; j++) {
                double angle = 2 * Math.PI * ((long) k * j % size) / size;
                cos[k * size + j] = Math.cos(angle);
                sin[k * size + j] = Math.sin(angle);
            }
        }
        return new double[][]{cos, sin};
    }

    private static double[][] normalizedColour() {
        double max = 0;
        for (int d = 0; d < 3; d++) {
            double norm = 0;
            for (int c = 0; c < 3; c++) norm += COLOUR[c][d] * COLOUR[c][d];
            max = Math.max(max, Math.sqrt(norm));
        }
        double[][] out = new double[3][3];
        for (int c = 0; c < 3; c++) for (int d = 0; d < 3; d++) out[c][d] = COLOUR[c][d] / max;
        return out;
    }
}
