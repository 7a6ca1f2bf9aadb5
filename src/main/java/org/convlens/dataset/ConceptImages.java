package org.convlens.dataset;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * ConvLens's own concept dataset for network dissection: procedurally drawn 32×32 RGB images of one shape (circle,
 * square, triangle) on a plain gray background, the shape red, green or blue and either solid or textured (stripes,
 * checkers, dots) with yellow, white or black, with exact masks in three label layers: colour, texture, shape. The
 * class is the shape and its main colour: nine classes. Each concept covers a few percent of the dataset's pixels, as
 * in Broden; with Bau's defaults (top 0.5 % of activations, IoU above 0.04) a concept covering more than 12 % could
 * never be detected. Image {@code i} of a given seed is always the same.
 */
public final class ConceptImages implements ImageDataset {

    public static final int SIZE = 32;
    public static final long DISSECTION_SEED = 1;
    public static final long TRAINING_SEED = 2;

    public static final List<ConceptMasks.Concept> CONCEPTS = List.of(
            new ConceptMasks.Concept("red", "colour"), new ConceptMasks.Concept("green", "colour"), new ConceptMasks.Concept("blue", "colour"),
            new ConceptMasks.Concept("yellow", "colour"), new ConceptMasks.Concept("white", "colour"), new ConceptMasks.Concept("black", "colour"),
            new ConceptMasks.Concept("stripes", "texture"), new ConceptMasks.Concept("checkers", "texture"), new ConceptMasks.Concept("dots", "texture"),
            new ConceptMasks.Concept("circle", "shape"), new ConceptMasks.Concept("square", "shape"), new ConceptMasks.Concept("triangle", "shape"));

    private static final int[][] RGB = {{220, 30, 30}, {30, 170, 40}, {40, 60, 220}, {235, 210, 40}, {240, 240, 240}, {25, 25, 25}};
    private static final int COLOURS = RGB.length;
    private static final int STRIPES = 6, CHECKERS = 7, DOTS = 8, CIRCLE = 9, SHAPES = 3;
    private static final List<String> SHAPE_NAMES = List.of("circle", "square", "triangle");
    private static final List<String> MAIN_COLOURS = List.of("red", "green", "blue");

    private final int size;
    private final long seed;

    public ConceptImages(int size, long seed) {
        this.size = size;
        this.seed = seed;
    }

    /** The dataset dissection runs on by default: 2,000 images. */
    public static ConceptImages forDissection(int limit) {
        return new ConceptImages(limit > 0 ? Math.min(limit, 2000) : 2000, DISSECTION_SEED);
    }

    /** The drawn image and its three label layers (colour, texture, shape), all from one seeded draw. */
    public record Drawing(BufferedImage image, ConceptMasks.Mask mask, int label) {
    }

    public Drawing draw(int index) {
        Random random = random(index);
        int shape = random.nextInt(SHAPES);
        int mainColour = random.nextInt(MAIN_COLOURS.size());
        Region inside = Region.random(random, mainColour);
        int gray = 90 + random.nextInt(80);
        double radius = 5 + random.nextDouble() * 4;
        double cx = radius + 1 + random.nextDouble() * (SIZE - 2 * radius - 2), cy = radius + 1 + random.nextDouble() * (SIZE - 2 * radius - 2);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int[][] layers = new int[3][SIZE * SIZE];
        for (int[] layer : layers) java.util.Arrays.fill(layer, ConceptMasks.NONE);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int noise = random.nextInt(21) - 10;
                int p = y * SIZE + x;
                if (!inside(shape, x + 0.5 - cx, y + 0.5 - cy, radius)) {
                    int v = clamp(gray + noise);
                    image.setRGB(x, y, (v << 16) | (v << 8) | v);
                    continue;
                }
                int colour = inside.colourAt(x, y);
                image.setRGB(x, y, (clamp(RGB[colour][0] + noise) << 16) | (clamp(RGB[colour][1] + noise) << 8) | clamp(RGB[colour][2] + noise));
                layers[0][p] = colour;
                layers[1][p] = inside.texture;
                layers[2][p] = CIRCLE + shape;
            }
        }
        return new Drawing(image, new ConceptMasks.Mask(SIZE, SIZE, layers), classOf(shape, mainColour));
    }

    /** The draws of image {@code index}: shape, then main colour, then everything else. */
    private Random random(int index) {
        return new Random(seed * 1_000_003L + index);
    }

    private static boolean inside(int shape, double dx, double dy, double radius) {
        return switch (shape) {
            case 0 -> dx * dx + dy * dy <= radius * radius;
            case 1 -> Math.abs(dx) <= radius * 0.85 && Math.abs(dy) <= radius * 0.85;
            default -> dy <= radius * 0.8 && dy >= -radius && Math.abs(dx) <= (dy + radius) * 0.6;
        };
    }

    /** A solid or textured area: its main colour and, for a texture, the second colour and the pattern's geometry. */
    private record Region(int colour, int texture, int second, int period, int orientation, double phase) {

        static Region random(Random random, int colour) {
            int kind = random.nextInt(4);
            int texture = kind == 0 ? ConceptMasks.NONE : STRIPES + kind - 1;
            int second = MAIN_COLOURS.size() + random.nextInt(COLOURS - MAIN_COLOURS.size());
            return new Region(colour, texture, second, 4 + random.nextInt(3), random.nextInt(3), random.nextDouble() * 4);
        }

        int colourAt(int x, int y) {
            if (texture == ConceptMasks.NONE) return colour;
            boolean second = switch (texture) {
                case STRIPES -> {
                    double t = switch (orientation) {
                        case 0 -> y;
                        case 1 -> x;
                        default -> (x + y) / Math.sqrt(2);
                    };
                    yield Math.floorMod((int) Math.floor((t + phase) * 2 / period), 2) == 1;
                }
                case CHECKERS -> Math.floorMod(Math.floorDiv(x + (int) phase, period / 2 + 1) + Math.floorDiv(y, period / 2 + 1), 2) == 1;
                default -> {
                    double dx = Math.floorMod(x + (int) phase, period) - period / 2.0 + 0.5, dy = Math.floorMod(y, period) - period / 2.0 + 0.5;
                    yield dx * dx + dy * dy <= 1.6;
                }
            };
            return second ? this.second : colour;
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name(int index) {
        return "concepts-" + seed + "-" + index + " (" + classNames().get(label(index)) + ")";
    }

    @Override
    public BufferedImage image(int index) {
        return draw(index).image();
    }

    @Override
    public int label(int index) {
        // the first two draws decide the class; nothing needs to be drawn for it
        Random random = random(index);
        int shape = random.nextInt(SHAPES);
        return classOf(shape, random.nextInt(MAIN_COLOURS.size()));
    }

    /** Class = shape × 3 + main colour, the order of {@link #classes()}. */
    private static int classOf(int shape, int mainColour) {
        return shape * MAIN_COLOURS.size() + mainColour;
    }

    @Override
    public List<String> classNames() {
        return classes();
    }

    /** "red circle", "green circle", … "blue triangle": class = shape × 3 + main colour. */
    public static List<String> classes() {
        List<String> names = new ArrayList<>();
        for (String shape : SHAPE_NAMES) for (String colour : MAIN_COLOURS) names.add(colour + " " + shape);
        return List.copyOf(names);
    }

    @Override
    public ConceptMasks concepts() {
        return new ConceptMasks() {
            @Override
            public List<Concept> concepts() {
                return CONCEPTS;
            }

            @Override
            public Mask mask(int image) {
                return draw(image).mask();
            }
        };
    }
}
