package org.convlens.cli;

import org.convlens.base.UserInputException;

import java.io.PrintStream;
import java.util.Set;

/**
 * The command-line side of convlens.jar, for scripts and batch use. It never starts the web server.
 */
public final class CommandLine {

    public static final Set<String> COMMANDS = Set.of("analyze", "inspect", "train-default", "bench", "topk", "ablate", "dissect", "concepts",
            "minimal-image", "help");

    static final String USAGE = """
            usage:
              java -jar convlens.jar analyze --model FILE --method METHOD --image PNG [--image PNG ...]
                   [--layer NAME] [--target CLASS] [--score logit|probability] [--mean a,b,c --std a,b,c]
                   [--save [--convlens.data-dir=PATH]] --out FILE.npy
                   METHOD and its options:
                     activations             [--layer NAME]
                     occlusion               [--window N] [--stride N] [--baseline V] [--batch N] [--layer NAME]
                     saliency | guided-backprop | deconvnet
                                             [--abs] [--layer NAME --channel K [--position Y,X]]  (unit projection)
                     input-x-gradient
                     integrated-gradients    [--baseline V] [--steps N] [--ig-method gausslegendre|riemann_trapezoid|
                                              riemann_left|riemann_right|riemann_middle]
                     smoothgrad              [--base METHOD] [--noise SD] [--samples N] [--seed S]
                     gradcam | guided-gradcam [--layer NAME] [--no-relu]
                     class-model             [--target C | --classes a,b,c]   (no --image; without them: every class)
                     class-model | unit-visualization [--objective "class:3 - 0.5*class:5 + channel:L:K ..."]
                     unit-visualization      [--layer L] [--channel K] [--position Y,X]   (without --channel: every channel)
                     inversion               --image PNG [--layer L|every]
                     synthesis options:      [--steps N] [--lr X] [--seed S] [--optimizer adam|ascent] [--negate]
                                             [--l2 λ] [--tv λ] [--tv-beta β] [--alpha α] [--alpha-weight λ] [--blur-every K]
                                             [--blur-sigma S] [--jitter PX] [--clip-norm PCT] [--clip-contribution PCT]
                                             [--snapshot-every N] [--clamp-to-image true|false]
                                             [--scale FRACTION] [--rotate DEGREES] [--parameterization pixels|fourier] [--png DIR]
              java -jar convlens.jar inspect --model FILE
              java -jar convlens.jar train-default [--network fashion|concepts] [--epochs N] [--seed S] [--data DIR] [--out DIR]
              DATASET is builtin (Fashion-MNIST test), concepts (built-in concept images with masks), a folder or a dataset ZIP
              java -jar convlens.jar topk --model FILE --layer L [--k K] --dataset DATASET [--limit N] --out FILE.json
                   [--projections FILE.npy]
              java -jar convlens.jar ablate --model FILE --layer L [--mode zero|mean] [--units a,b,c|all|layers] --dataset DATASET
                   [--limit N] --out FILE.csv
              java -jar convlens.jar dissect --model FILE --layer L [--dataset DATASET] [--quantile Q] [--iou T] [--limit N]
                   --out FILE.csv [--iou-matrix FILE.npy]
              java -jar convlens.jar concepts [--count N] [--seed S] --out FILE.zip     (the concept dataset as an uploadable ZIP)
              java -jar convlens.jar minimal-image --model FILE --image PNG [--target C] [--segments grid|superpixels] [--grid N]
                   [--superpixels N] [--fill mean|zero|blur] --out FILE.npy [--png FILE.png] [--steps FILE.csv]
              java -jar convlens.jar bench [--images N] [--big-images N] [--batches 1,8,32] [--methods a,b]
              java -jar convlens.jar            (no command: start the web app on http://localhost:8080)
            """;

    private CommandLine() {
    }

    /** DL4J and ND4J log their start-up at INFO; a command's output should be its own. */
    private static void quietLibraryLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs a command and returns the process exit code: 0 done, 2 bad input, 1 anything else. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        quietLibraryLogging();
        try {
            switch (args[0]) {
                case "analyze" -> AnalyzeCommand.run(new Arguments(args, 1, Set.of("save", "abs", "no-relu", "negate")), out);
                case "inspect" -> InspectCommand.run(new Arguments(args, 1, Set.of()), out);
                case "train-default" -> TrainDefaultCommand.run(new Arguments(args, 1, Set.of()), out);
                case "bench" -> BenchCommand.run(new Arguments(args, 1, Set.of()), out);
                case "topk" -> TopKCommand.run(new Arguments(args, 1, Set.of()), out);
                case "ablate" -> AblateCommand.run(new Arguments(args, 1, Set.of()), out);
                case "dissect" -> DissectCommand.run(new Arguments(args, 1, Set.of()), out);
                case "concepts" -> ConceptsCommand.run(new Arguments(args, 1, Set.of()), out);
                case "minimal-image" -> MinimalImageCommand.run(new Arguments(args, 1, Set.of()), out);
                default -> out.print(USAGE);
            }
            return 0;
        } catch (UserInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
