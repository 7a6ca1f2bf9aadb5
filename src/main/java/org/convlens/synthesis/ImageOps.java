package org.convlens.synthesis;

import java.util.Arrays;

/**
 * Image-space operations of feature visualization on channels-first float arrays {@code [N, C, H, W]}:
 * shifts, total variation and its gradient, Gaussian blur and percentile clipping.
 */
final class ImageOps {

    private ImageOps() {
    }

    /** Each plane shifted by (dy, dx) with wrap-around, as Lucid's jitter does with roll. */
    static float[] roll(float[] images, int planes, int height, int width, int dy, int dx) {
        float[] out = new float[images.length];
        for (int p = 0; p < planes; p++) {
            int base = p * height * width;
            for (int y = 0; y < height; y++) {
                int ty = Math.floorMod(y + dy, height);
                for (int x = 0; x < width; x++) out[base + ty * width + Math.floorMod(x + dx, width)] = images[base + y * width + x];
            }
        }
        return out;
    }

    /**
     * TV_β = Σ ((I[y,x+1] − I[y,x])² + (I[y+1,x] − I[y,x])²)^(β/2) per image (differences past the border are 0),
     * and, when {@code gradient} is given, adds ∂TV/∂I to it.
     */
    static double[] totalVariation(float[] images, int n, int channels, int height, int width, double beta, float[] gradient) {
        double[] tv = new double[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int base = (i * channels + c) * height * width;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int at = base + y * width + x;
                        double dx = x + 1 < width ? images[at + 1] - images[at] : 0;
                        double dy = y + 1 < height ? images[at + width] - images[at] : 0;
                        double squared = dx * dx + dy * dy + 1e-8;
                        tv[i] += Math.pow(squared, beta / 2);
                        if (gradient != null) {
                            double g = beta * Math.pow(squared, beta / 2 - 1);
                            gradient[at] -= (float) (g * (dx + dy));
                            if (x + 1 < width) gradient[at + 1] += (float) (g * dx);
                            if (y + 1 < height) gradient[at + width] += (float) (g * dy);
                        }
                    }
                }
            }
        }
        return tv;
    }

    /** Separable Gaussian blur of every plane, borders clamped. */
    static float[] blur(float[] images, int planes, int height, int width, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
        for (int k = 0; k < kernel.length; k++) kernel[k] /= total;
        float[] rows = new float[images.length];
        float[] out = new float[images.length];
        for (int p = 0; p < planes; p++) {
            int base = p * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] * images[base + y * width + clamp(x + k, width)];
                    rows[base + y * width + x] = (float) sum;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] * rows[base + clamp(y + k, height) * width + x];
                    out[base + y * width + x] = (float) sum;
                }
            }
        }
        return out;
    }

    /** Zeroes, per image, the pixels (all channels) whose score is below the given percentile of that image's scores. */
    static void clipBelowPercentile(float[] images, double[] pixelScores, int n, int channels, int plane, double percentile) {
        for (int i = 0; i < n; i++) {
            double[] scores = Arrays.copyOfRange(pixelScores, i * plane, (i + 1) * plane);
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            double threshold = sorted[(int) Math.floor(percentile / 100 * plane)];
            for (int p = 0; p < plane; p++) {
                if (scores[p] < threshold) {
                    for (int c = 0; c < channels; c++) images[(i * channels + c) * plane + p] = 0;
                }
            }
        }
    }

    /** Per pixel: the norm of its channel vector. */
    static double[] pixelNorms(float[] images, int n, int channels, int plane) {
        double[] norms = new double[n * plane];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    double v = images[(i * channels + c) * plane + p];
                    norms[i * plane + p] += v * v;
                }
            }
        }
        for (int k = 0; k < norms.length; k++) norms[k] = Math.sqrt(norms[k]);
        return norms;
    }

    /** Per pixel: |Σ_c I·G|, how much the pixel adds to the objective to first order. */
    static double[] pixelContributions(float[] images, float[] gradient, int n, int channels, int plane) {
        double[] contributions = new double[n * plane];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    int at = (i * channels + c) * plane + p;
                    contributions[i * plane + p] += images[at] * gradient[at];
                }
            }
        }
        for (int k = 0; k < contributions.length; k++) contributions[k] = Math.abs(contributions[k]);
        return contributions;
    }

    /**
     * Scales by {@code scale} and rotates by {@code radians} about the centre, by bilinear sampling (zero outside);
     * with {@code adjoint} set, applies the transpose of that linear map instead, which carries gradients back.
     */
    static float[] warp(float[] images, int planes, int height, int width, double scale, double radians, boolean adjoint) {
        float[] out = new float[images.length];
        double cy = (height - 1) / 2.0, cx = (width - 1) / 2.0;
        double cos = Math.cos(radians), sin = Math.sin(radians);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // Where output pixel (y, x) samples the input: the inverse rotation and scaling about the centre.
                double dy = y - cy, dx = x - cx;
                double sy = (cos * dy - sin * dx) / scale + cy;
                double sx = (sin * dy + cos * dx) / scale + cx;
                int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx);
                double fy = sy - y0, fx = sx - x0;
                int[] ys = {y0, y0, y0 + 1, y0 + 1};
                int[] xs = {x0, x0 + 1, x0, x0 + 1};
                double[] weights = {(1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx};
                for (int p = 0; p < planes; p++) {
                    int base = p * height * width;
                    for (int k = 0; k < 4; k++) {
                        if (ys[k] < 0 || ys[k] >= height || xs[k] < 0 || xs[k] >= width || weights[k] == 0) continue;
                        int source = base + ys[k] * width + xs[k];
                        int target = base + y * width + x;
                        if (adjoint) out[source] += (float) (weights[k] * images[target]);
                        else out[target] += (float) (weights[k] * images[source]);
                    }
                }
            }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
