package org.convlens.model;

import org.convlens.base.UserInputException;
import org.convlens.engine.InputSpec;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTest {

    private static ModelProfile gray(int size) {
        return new ModelProfile(size, size, 1, InputSpec.Layout.NCHW, 1.0 / 255, null, null, List.of());
    }

    private static BufferedImage grayImage(int[][] values) {
        BufferedImage image = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < values.length; y++) for (int x = 0; x < values[0].length; x++) image.getRaster().setSample(x, y, 0, values[y][x]);
        return image;
    }

    @Test
    void grayValuesPassUnchangedThroughPngAndScale() {
        BufferedImage image = grayImage(new int[][]{{0, 128}, {200, 255}});
        BufferedImage decoded = ImagePreprocessor.decode(ImagePreprocessor.toPng(image));
        PreparedImage prepared = ImagePreprocessor.prepare(decoded, gray(2));
        assertThat(prepared.converted()).containsExactly(0, 128, 200, 255);
        assertThat(prepared.modelInput()[1]).isCloseTo(128f / 255, within(1e-6f));
        assertThat(prepared.notes()).isEmpty();
    }

    @Test
    void shrinkingAveragesTheAreaEachPixelCovers() {
        BufferedImage image = grayImage(new int[][]{
                {0, 100, 10, 10},
                {100, 200, 10, 10},
                {50, 50, 0, 0},
                {50, 50, 0, 4}});
        PreparedImage prepared = ImagePreprocessor.prepare(image, gray(2));
        assertThat(prepared.converted()).containsExactly(100, 10, 50, 1);
        assertThat(prepared.notes()).containsExactly("resized 4×4 → 2×2");
    }

    @Test
    void enlargingIsBilinearWithPixelCentres() {
        PreparedImage prepared = ImagePreprocessor.prepare(grayImage(new int[][]{{0, 100}}), new ModelProfile(1, 4, 1,
                InputSpec.Layout.NCHW, 1.0 / 255, null, null, List.of()));
        // Centres at 0.25·(2x+1) − 0.5 in source pixels: −0.25, 0.25, 0.75, 1.25, clamped at the borders.
        assertThat(prepared.converted()).containsExactly(0, 25, 75, 100);
    }

    @Test
    void rgbBecomesGrayByLumaAndGrayBecomesRgbByCopy() {
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
        PreparedImage toGray = ImagePreprocessor.prepare(rgb, gray(1));
        assertThat(toGray.converted()).containsExactly(Math.round(0.299f * 200 + 0.587f * 100 + 0.114f * 50));
        assertThat(toGray.notes()).anyMatch(n -> n.startsWith("RGB → gray"));

        ModelProfile rgbProfile = new ModelProfile(1, 1, 3, InputSpec.Layout.NHWC, 1.0 / 255, null, null, List.of());
        PreparedImage toRgb = ImagePreprocessor.prepare(grayImage(new int[][]{{77}}), rgbProfile);
        assertThat(toRgb.converted()).containsExactly(77, 77, 77);
        assertThat(toRgb.notes()).anyMatch(n -> n.startsWith("gray → RGB"));
    }

    @Test
    void meanAndStdNormalizePerChannel() {
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, (255 << 16) | (0 << 8) | 51);
        ModelProfile imagenet = new ModelProfile(1, 1, 3, InputSpec.Layout.NHWC, 1.0 / 255,
                new double[]{0.485, 0.456, 0.406}, new double[]{0.229, 0.224, 0.225}, List.of());
        float[] input = ImagePreprocessor.prepare(rgb, imagenet).modelInput();
        assertThat(input[0]).isCloseTo((float) ((1 - 0.485) / 0.229), within(1e-5f));
        assertThat(input[1]).isCloseTo((float) ((0 - 0.456) / 0.224), within(1e-5f));
        assertThat(input[2]).isCloseTo((float) ((0.2 - 0.406) / 0.225), within(1e-5f));
    }

    @Test
    void refusesCorruptAndHugeImagesBeforeDecodingThem() {
        assertThatThrownBy(() -> ImagePreprocessor.decode("not an image".getBytes())).isInstanceOf(UserInputException.class)
                .hasMessageContaining("not an image");
        byte[] png = ImagePreprocessor.toPng(new BufferedImage(9000, 1, BufferedImage.TYPE_BYTE_GRAY));
        assertThatThrownBy(() -> ImagePreprocessor.decode(png)).isInstanceOf(UserInputException.class).hasMessageContaining("9000×1");
        byte[] truncated = java.util.Arrays.copyOf(ImagePreprocessor.toPng(grayImage(new int[][]{{1, 2}, {3, 4}})), 40);
        assertThatThrownBy(() -> ImagePreprocessor.decode(truncated)).isInstanceOf(UserInputException.class);
    }

    @Test
    void profileRejectsInconsistentNormalization() {
        assertThatThrownBy(() -> new ModelProfile(28, 28, 3, InputSpec.Layout.NHWC, 1, new double[]{0.5}, null, List.of()))
                .isInstanceOf(UserInputException.class).hasMessageContaining("one value per channel");
        assertThatThrownBy(() -> new ModelProfile(28, 28, 1, InputSpec.Layout.NCHW, 1, null, new double[]{0}, List.of()))
                .isInstanceOf(UserInputException.class).hasMessageContaining("positive");
        ModelProfile profile = new ModelProfile(28, 28, 1, InputSpec.Layout.NCHW, 1.0 / 255, null, null, List.of("a", "b"));
        assertThat(ModelProfile.fromJson(profile.toJson())).isEqualTo(profile);
    }
}
