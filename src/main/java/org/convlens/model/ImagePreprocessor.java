package org.convlens.model;

import org.convlens.base.UserInputException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Decodes uploaded images and converts them to a model's input (size, channels, scale, mean/std). */
public final class ImagePreprocessor {

    public static final int MAX_BYTES = 20 * 1024 * 1024;
    public static final int MAX_SIDE = 8192;

    private ImagePreprocessor() {
    }

    /** Decodes PNG, JPEG, GIF or BMP bytes, refusing files that are too large before decoding them. */
    public static BufferedImage decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new org.convlens.base.TooLargeException("image is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = stream == null ? null : ImageIO.getImageReaders(stream);
            if (readers == null || !readers.hasNext()) throw new UserInputException("not an image ConvLens can read (PNG, JPEG, GIF or BMP)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE) {
                    throw new UserInputException("image is " + width + "×" + height + "; the limit is " + MAX_SIDE + " pixels per side");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (UserInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserInputException("the image file is corrupt or unsupported: " + e.getMessage(), e);
        }
    }

    public static PreparedImage prepare(BufferedImage image, ModelProfile profile) {
        List<String> notes = new ArrayList<>();
        boolean gray = isGray(image);
        float[][] planes = planes(image, gray);
        int h = profile.height();
        int w = profile.width();
        if (image.getWidth() != w || image.getHeight() != h) {
            notes.add("resized " + image.getWidth() + "×" + image.getHeight() + " → " + w + "×" + h);
            for (int i = 0; i < planes.length; i++) {
                planes[i] = Resampler.resize(planes[i], image.getWidth(), image.getHeight(), w, h);
            }
        }
        int c = profile.channels();
        if (gray && c == 3) {
            notes.add("gray → RGB (channel copied)");
            planes = new float[][]{planes[0], planes[0], planes[0]};
        }
        if (!gray && c == 1) {
            notes.add("RGB → gray (luma 0.299 R + 0.587 G + 0.114 B)");
            float[] luma = new float[h * w];
            for (int i = 0; i < luma.length; i++) luma[i] = 0.299f * planes[0][i] + 0.587f * planes[1][i] + 0.114f * planes[2][i];
            planes = new float[][]{luma};
        }
        int[] converted = new int[c * h * w];
        float[] input = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h * w; i++) {
                int value = Math.max(0, Math.min(255, Math.round(planes[ch][i])));
                converted[ch * h * w + i] = value;
                input[ch * h * w + i] = (float) ((value * profile.pixelScale() - profile.mean()[ch]) / profile.std()[ch]);
            }
        }
        return new PreparedImage(input, converted, c, h, w, List.copyOf(notes));
    }

    /** A PNG of the image exactly as given, so the store keeps a lossless copy. */
    public static byte[] toPng(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isGray(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1;
    }

    /** Channel planes 0–255; gray values come from the raster, since Java's gray-to-sRGB conversion would change them. */
    private static float[][] planes(BufferedImage image, boolean gray) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (gray) {
            int shift = Math.max(0, image.getColorModel().getComponentSize(0) - 8);
            float[] plane = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) plane[y * w + x] = image.getRaster().getSample(x, y, 0) >> shift;
            }
            return new float[][]{plane};
        }
        float[][] planes = new float[3][h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                planes[0][y * w + x] = (rgb >> 16) & 0xff;
                planes[1][y * w + x] = (rgb >> 8) & 0xff;
                planes[2][y * w + x] = rgb & 0xff;
            }
        }
        return planes;
    }
}
