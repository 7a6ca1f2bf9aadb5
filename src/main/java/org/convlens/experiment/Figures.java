package org.convlens.experiment;

import org.convlens.base.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * Stored result arrays drawn as PNG on the server, for exports and for a figure download: image-like arrays as
 * pictures, maps as heatmaps (viridis for maps of one sign, blue–white–red around zero for signed ones), channels
 * summed, enlarged with nearest neighbours to at least 224 pixels.
 */
public final class Figures {

    /** Arrays that hold pictures (display pixels 0–1), not maps. */
    private static final Set<String> PICTURES = Set.of("pixels", "images", "original", "minimal", "filled", "examples", "snapshots");
    private static final int MIN_SIDE = 224;
    private static final float[][] VIRIDIS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    private Figures() {
    }

    /** Image {@code index} of a {@code [N, C, H, W]} array, or empty when the array is no picture or map (e.g. a table). */
    public static Optional<byte[]> png(String name, Tensor array, int index) {
        if (array.rank() != 4 || index < 0 || index >= array.dim(0) || array.dim(2) < 2 || array.dim(3) < 2) return Optional.empty();
        int c = array.dim(1), h = array.dim(2), w = array.dim(3), plane = h * w;
        int offset = index * c * plane;
        int scale = Math.max(1, (MIN_SIDE + Math.max(h, w) - 1) / Math.max(h, w));
        BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[plane];
        if (PICTURES.contains(name) && (c == 1 || c == 3)) {
            for (int p = 0; p < plane; p++) {
                int value = 0;
                for (int ch = 0; ch < 3; ch++) value = (value << 8) | Math.round(255 * clamp(array.data()[offset + (c == 3 ? ch : 0) * plane + p]));
                rgb[p] = value;
            }
        } else {
            float[] map = new float[plane];
            for (int ch = 0; ch < c; ch++) for (int p = 0; p < plane; p++) map[p] += array.data()[offset + ch * plane + p];
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (float v : map) {
                if (Float.isNaN(v)) continue;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            boolean signed = min < 0 && max > 0;
            float extent = Math.max(Math.abs(min), Math.abs(max));
            for (int p = 0; p < plane; p++) {
                rgb[p] = signed ? diverging(extent == 0 ? 0 : map[p] / extent) : viridis(max > min ? (map[p] - min) / (max - min) : 0);
            }
        }
        for (int y = 0; y < h * scale; y++) for (int x = 0; x < w * scale; x++) image.setRGB(x, y, rgb[(y / scale) * w + x / scale]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(out.toByteArray());
    }

    private static float clamp(float v) {
        return Float.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    private static int viridis(float t) {
        float position = clamp(t) * (VIRIDIS.length - 1);
        int low = Math.min((int) position, VIRIDIS.length - 2);
        float f = position - low;
        int value = 0;
        for (int ch = 0; ch < 3; ch++) value = (value << 8) | Math.round(VIRIDIS[low][ch] * (1 - f) + VIRIDIS[low + 1][ch] * f);
        return value;
    }

    /** −1 blue, 0 white, +1 red. */
    private static int diverging(float t) {
        float v = Float.isNaN(t) ? 0 : Math.max(-1, Math.min(1, t));
        int r = v < 0 ? Math.round(255 * (1 + v)) : 255, b = v > 0 ? Math.round(255 * (1 - v)) : 255, g = Math.round(255 * (1 - Math.abs(v)));
        return (r << 16) | (g << 8) | b;
    }
}
