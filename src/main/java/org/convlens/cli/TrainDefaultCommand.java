package org.convlens.cli;

import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.dataset.BuiltInData;
import org.convlens.dataset.ConceptImages;
import org.convlens.dataset.GrayImageSet;
import org.convlens.engine.Dl4jModelFile;
import org.convlens.engine.Dl4jTrainer;
import org.convlens.engine.InputSpec;
import org.convlens.model.ModelProfile;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code train-default}: trains a built-in model and writes its weights (no updater state) and model card, by default
 * into the source tree: the Fashion-MNIST CNN from Debian's dataset-fashion-mnist ({@code --network fashion}), or the
 * concept-dataset CNN from ConvLens's own generated images ({@code --network concepts}).
 */
final class TrainDefaultCommand {

    static final Path SOURCE_TREE_MODELS = Path.of("src/main/resources/builtin/models");
    static final int CONCEPT_TRAINING_IMAGES = 12_000;
    static final int CONCEPT_TEST_IMAGES = 2_000;
    static final long CONCEPT_TEST_SEED = 3;

    /** What differs between the built-in models: data, network, file name and the words of the model card. */
    private record Recipe(String file, String title, String about, String architecture, String input, String data, int defaultEpochs,
                          Dl4jTrainer.Images train, Dl4jTrainer.Images test, List<String> classes, ModelProfile profile, Dl4jTrainer.Architecture network) {
    }

    private TrainDefaultCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("epochs", "seed", "data", "out", "network"));
        long seed = args.intValue("seed", 42);
        Path outDir = args.has("out") ? Path.of(args.get("out")) : Files.isDirectory(SOURCE_TREE_MODELS.getParent()) ? SOURCE_TREE_MODELS : Path.of(".");
        Files.createDirectories(outDir);
        Recipe recipe = switch (args.get("network") == null ? "fashion" : args.get("network")) {
            case "fashion" -> fashion(args.has("data") ? Path.of(args.get("data")) : BuiltInData.DEBIAN_FASHION_MNIST);
            case "concepts" -> concepts();
            default -> throw new UserInputException("--network is fashion or concepts");
        };
        int epochs = args.intValue("epochs", recipe.defaultEpochs());
        Dl4jTrainer.Plan plan = new Dl4jTrainer.Plan(epochs, 64, 1e-3, seed);
        out.printf("training on %d images, testing on %d, %d epochs, seed %d%n", recipe.train().count(), recipe.test().count(), epochs, seed);
        Dl4jTrainer.Trained trained = Dl4jTrainer.train(recipe.network(), recipe.train(), recipe.test(), recipe.classes().size(), plan, new Progress() {
            @Override
            public void update(double fraction, String message) {
                out.printf("  %3.0f%% %s%n", fraction * 100, message);
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        });
        out.printf("test accuracy %.4f after %d s%n", trained.testAccuracy(), trained.trainMillis() / 1000);

        Path zip = outDir.resolve(recipe.file() + ".zip");
        Dl4jModelFile.writeZip(trained.network(), zip, recipe.profile().toJson());
        Files.writeString(outDir.resolve(recipe.file() + ".md"), modelCard(recipe, trained, plan, Files.size(zip), args.get("network")));
        out.println("wrote " + zip + " (" + Files.size(zip) / 1024 + " KB) and its model card");
    }

    private static Recipe fashion(Path data) throws IOException {
        GrayImageSet train = BuiltInData.fashionMnistTrain(data);
        GrayImageSet test = BuiltInData.fashionMnistTest();
        ModelProfile profile = new ModelProfile(train.height(), train.width(), 1, InputSpec.Layout.NCHW, 1.0 / 255, null, null, train.classNames());
        return new Recipe("fashion-cnn", "Fashion-MNIST CNN", "A small convolutional classifier for 28×28 gray Fashion-MNIST images",
                "conv1 3×3×16 ReLU (same) → max-pool 2×2 → conv2 3×3×32 ReLU (same) → max-pool 2×2 → dense 64 ReLU → dense 10 softmax",
                "28×28×1, channels-first (NCHW), pixel/255, no mean/std",
                "Fashion-MNIST training set, 60,000 images (Debian dataset-fashion-mnist, MIT licence); tested on its 10,000 test images",
                4, gray(train), gray(test), train.classNames(), profile, Dl4jTrainer.Architecture.FASHION);
    }

    private static Recipe concepts() {
        ConceptImages train = new ConceptImages(CONCEPT_TRAINING_IMAGES, ConceptImages.TRAINING_SEED);
        ConceptImages test = new ConceptImages(CONCEPT_TEST_IMAGES, CONCEPT_TEST_SEED);
        int size = ConceptImages.SIZE;
        ModelProfile profile = new ModelProfile(size, size, 3, InputSpec.Layout.NCHW, 1.0 / 255, null, null, ConceptImages.classes());
        return new Recipe("concept-cnn", "Concept CNN", "A small convolutional classifier for ConvLens's procedurally drawn 32×32 concept "
                + "images (a red, green or blue circle, square or triangle, solid or striped, checkered or dotted with yellow, white or black, on plain gray), so that network "
                + "dissection finds real colour, texture and shape detectors offline",
                "conv1 3×3×16 ReLU (same) → max-pool → conv2 3×3×32 ReLU → max-pool → conv3 3×3×32 ReLU → max-pool → dense 64 ReLU → dense 9 softmax",
                "32×32×3, channels-first (NCHW), pixel/255, no mean/std",
                String.format("%,d generated images (seed %d); tested on %,d others (seed %d); the dissection set is a third draw (seed %d)",
                        CONCEPT_TRAINING_IMAGES, ConceptImages.TRAINING_SEED, CONCEPT_TEST_IMAGES, CONCEPT_TEST_SEED, ConceptImages.DISSECTION_SEED),
                3, rgb(train), rgb(test), ConceptImages.classes(), profile, Dl4jTrainer.Architecture.CONCEPTS);
    }

    private static Dl4jTrainer.Images gray(GrayImageSet set) {
        return new Dl4jTrainer.Images(set.size(), 1, set.height(), set.width(), set.pixels(), set.labels());
    }

    private static Dl4jTrainer.Images rgb(ConceptImages set) {
        int size = ConceptImages.SIZE, plane = size * size;
        byte[] pixels = new byte[set.size() * 3 * plane];
        int[] labels = new int[set.size()];
        for (int i = 0; i < set.size(); i++) {
            ConceptImages.Drawing drawing = set.draw(i);
            labels[i] = drawing.label();
            BufferedImage image = drawing.image();
            for (int p = 0; p < plane; p++) {
                int rgb = image.getRGB(p % size, p / size);
                for (int c = 0; c < 3; c++) pixels[(i * 3 + c) * plane + p] = (byte) (rgb >> (16 - 8 * c));
            }
        }
        return new Dl4jTrainer.Images(set.size(), 3, size, size, pixels, labels);
    }

    private static String modelCard(Recipe recipe, Dl4jTrainer.Trained trained, Dl4jTrainer.Plan plan, long bytes, String network) {
        StringBuilder layers = new StringBuilder();
        var net = trained.network();
        for (int i = 0; i < net.getnLayers(); i++) {
            var conf = net.getLayer(i).conf().getLayer();
            layers.append("| ").append(conf.getLayerName()).append(" | ").append(conf.getClass().getSimpleName()).append(" | ")
                    .append(net.getLayer(i).numParams()).append(" |\n");
        }
        return """
                # Model card: %s (ConvLens built-in model)

                %s. Trained by ConvLens's own code, so that the app has a model to explain without downloading anything.

                | | |
                |---|---|
                | Architecture | %s |
                | Input | %s |
                | Classes | %s |
                | Parameters | %d |
                | Training data | %s |
                | Optimizer | Adam, learning rate %s, batch %d, cross-entropy, He (ReLU) initialization |
                | Epochs | %d |
                | Seed | %d |
                | **Test accuracy** | **%.4f** on %,d test images |
                | Training time | %d s on 2 CPU cores |
                | File | %s.zip, %d bytes, DL4J ModelSerializer format without updater state, plus convlens-profile.json |
                | Trained | %s |

                ## Layers

                | name | type | parameters |
                |---|---|---|
                %s
                ## Reproduce

                ```
                mvn -B -ntp package -DskipTests
                java -jar target/convlens.jar train-default --network %s --epochs %d --seed %d
                ```

                This overwrites `src/main/resources/builtin/models/%s.{zip,md}`; rebuild the jar to ship it.
                Multi-threaded BLAS can change the last digits of the weights, so accuracy may differ in the third decimal.
                """.formatted(recipe.title(), recipe.about(), recipe.architecture(), recipe.input(), String.join(", ", recipe.classes()),
                net.numParams(), recipe.data(), plan.learningRate(), plan.batchSize(), plan.epochs(), plan.seed(), trained.testAccuracy(),
                recipe.test().count(), trained.trainMillis() / 1000, recipe.file(), bytes, LocalDate.now(), layers,
                network == null ? "fashion" : network, plan.epochs(), plan.seed(), recipe.file());
    }
}
