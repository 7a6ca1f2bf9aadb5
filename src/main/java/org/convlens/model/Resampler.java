package org.convlens.model;

/**
 * Separable image resizing on float planes: area averaging when shrinking (each output pixel is the
 * mean of the source area it covers, so nothing aliases) and bilinear with pixel centres at +0.5
 * when enlarging, as PIL and OpenCV do.
 */
final class Resampler {

    private Resampler() {
    }

    static float[] resize(float[] plane, int srcW, int srcH, int dstW, int dstH) {
        float[] rows = new float[srcH * dstW];
        Taps horizontal = Taps.of(srcW, dstW);
        for (int y = 0; y < srcH; y++) horizontal.apply(plane, y * srcW, 1, rows, y * dstW, 1);
        float[] result = new float[dstH * dstW];
        Taps vertical = Taps.of(srcH, dstH);
        for (int x = 0; x < dstW; x++) vertical.apply(rows, x, dstW, result, x, dstW);
        return result;
    }

    /** For each output index, the source indices and weights that make it. */
    private record Taps(int[][] index, float[][] weight) {

        static Taps of(int src, int dst) {
            int[][] index = new int[dst][];
            float[][] weight = new float[dst][];
            double scale = (double) src / dst;
            for (int o = 0; o < dst; o++) {
                if (scale > 1) {
                    double start = o * scale;
                    double end = start + scale;
                    int first = (int) Math.floor(start);
                    int last = Math.min(src - 1, (int) Math.ceil(end) - 1);
                    index[o] = new int[last - first + 1];
                    weight[o] = new float[last - first + 1];
                    for (int s = first; s <= last; s++) {
                        double cover = Math.min(end, s + 1) - Math.max(start, s);
                        index[o][s - first] = s;
                        weight[o][s - first] = (float) (cover / scale);
                    }
                } else {
                    double centre = (o + 0.5) * scale - 0.5;
                    int left = (int) Math.floor(centre);
                    double frac = centre - left;
                    index[o] = new int[]{clamp(left, src), clamp(left + 1, src)};
                    weight[o] = new float[]{(float) (1 - frac), (float) frac};
                }
            }
            return new Taps(index, weight);
        }

        void apply(float[] in, int inOffset, int inStride, float[] out, int outOffset, int outStride) {
            for (int o = 0; o < index.length; o++) {
                float sum = 0;
                for (int t = 0; t < index[o].length; t++) sum += weight[o][t] * in[inOffset + index[o][t] * inStride];
                out[outOffset + o * outStride] = sum;
            }
        }

        private static int clamp(int i, int n) {
            return Math.max(0, Math.min(n - 1, i));
        }
    }
}
