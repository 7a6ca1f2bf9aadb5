package org.convlens.cli;

import org.convlens.base.Progress;
import org.convlens.dataset.BuiltInData;
import org.convlens.dataset.GrayImageSet;
import org.convlens.engine.Dl4jModelFile;
import org.convlens.engine.Dl4jTrainer;
import org.convlens.engine.InputSpec;
import org.convlens.model.ModelProfile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;

/**
 * {@code train-default}: trains the built-in Fashion-MNIST CNN from Debian's dataset-fashion-mnist and
 * writes its weights (no updater state) and model card, by default into the source tree.
 */
final class TrainDefaultCommand {

    static final Path SOURCE_TREE_MODELS = Path.of("src/main/resources/builtin/models");

    private TrainDefaultCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("epochs", "seed", "data", "out"));
        int epochs = args.intValue("epochs", 4);
        long seed = args.intValue("seed", 42);
        Path data = args.has("data") ? Path.of(args.get("data")) : BuiltInData.DEBIAN_FASHION_MNIST;
        Path outDir = args.has("out") ? Path.of(args.get("out")) : Files.isDirectory(SOURCE_TREE_MODELS.getParent()) ? SOURCE_TREE_MODELS : Path.of(".");
        Files.createDirectories(outDir);

        GrayImageSet train = BuiltInData.fashionMnistTrain(data);
        GrayImageSet test = BuiltInData.fashionMnistTest();
        Dl4jTrainer.Plan plan = new Dl4jTrainer.Plan(epochs, 64, 1e-3, seed);
        out.printf("training on %d images, testing on %d, %d epochs, seed %d%n", train.size(), test.size(), epochs, seed);
        Dl4jTrainer.Trained trained = Dl4jTrainer.train(images(train), images(test), train.classNames().size(), plan, new Progress() {
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

        ModelProfile profile = new ModelProfile(train.height(), train.width(), 1, InputSpec.Layout.NCHW, 1.0 / 255, null, null, train.classNames());
        Path zip = outDir.resolve("fashion-cnn.zip");
        Dl4jModelFile.writeZip(trained.network(), zip, profile.toJson());
        Files.writeString(outDir.resolve("fashion-cnn.md"), modelCard(trained, plan, Files.size(zip)));
        out.println("wrote " + zip + " (" + Files.size(zip) / 1024 + " KB) and its model card");
    }

    private static Dl4jTrainer.Images images(GrayImageSet set) {
        return new Dl4jTrainer.Images(set.size(), set.height(), set.width(), set.pixels(), set.labels());
    }

    private static String modelCard(Dl4jTrainer.Trained trained, Dl4jTrainer.Plan plan, long bytes) {
        StringBuilder layers = new StringBuilder();
        var net = trained.network();
        for (int i = 0; i < net.getnLayers(); i++) {
            var conf = net.getLayer(i).conf().getLayer();
            layers.append("| ").append(conf.getLayerName()).append(" | ").append(conf.getClass().getSimpleName()).append(" | ")
                    .append(net.getLayer(i).numParams()).append(" |\n");
        }
        return """
                # Model card: Fashion-MNIST CNN (ConvLens built-in model)

                A small convolutional classifier for 28×28 gray Fashion-MNIST images, trained by ConvLens's own code
                so that the app has a model to explain without downloading anything.

                | | |
                |---|---|
                | Architecture | conv1 3×3×16 ReLU (same) → max-pool 2×2 → conv2 3×3×32 ReLU (same) → max-pool 2×2 → dense 64 ReLU → dense 10 softmax |
                | Input | 28×28×1, channels-first (NCHW), pixel/255, no mean/std |
                | Classes | T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot |
                | Parameters | %d |
                | Training data | Fashion-MNIST training set, 60,000 images (Debian dataset-fashion-mnist, MIT licence) |
                | Optimizer | Adam, learning rate %s, batch %d, cross-entropy, He (ReLU) initialization |
                | Epochs | %d |
                | Seed | %d |
                | **Test accuracy** | **%.4f** on the 10,000 Fashion-MNIST test images |
                | Training time | %d s on 2 CPU cores |
                | File | fashion-cnn.zip, %d bytes, DL4J ModelSerializer format without updater state, plus convlens-profile.json |
                | Trained | %s |

                ## Layers

                | name | type | parameters |
                |---|---|---|
                %s
                ## Reproduce

                ```
                apt-get install -y dataset-fashion-mnist
                mvn -B -ntp package -DskipTests
                java -jar target/convlens.jar train-default --epochs %d --seed %d
                ```

                This overwrites `src/main/resources/builtin/models/fashion-cnn.{zip,md}`; rebuild the jar to ship it.
                Multi-threaded BLAS can change the last digits of the weights, so accuracy may differ in the third decimal.
                """.formatted(net.numParams(), plan.learningRate(), plan.batchSize(), plan.epochs(), plan.seed(), trained.testAccuracy(),
                trained.trainMillis() / 1000, bytes, LocalDate.now(), layers, plan.epochs(), plan.seed());
    }
}
