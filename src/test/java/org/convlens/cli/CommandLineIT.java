package org.convlens.cli;

import org.convlens.base.Npy;
import org.convlens.Fixtures;
import org.convlens.base.DataDirectory;
import org.convlens.base.Tensor;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.model.ImagePreprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line on real model files, as a script would call it. */
class CommandLineIT {

    @TempDir
    Path temp;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path image(String name, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) image.setRGB(x, y, (x * 7 % 256) << 16 | (y * 11 % 256) << 8 | 90);
        return Files.write(temp.resolve(name), ImagePreprocessor.toPng(image));
    }

    @Test
    void analyzesAnUploadedKerasModelWithBothMethods() throws Exception {
        String model = Fixtures.path(Fixtures.FUNCTIONAL_RGB).toString();
        Path first = image("first.png", 16, 16);
        Path second = image("second.png", 40, 30);
        Path occlusion = temp.resolve("occlusion.npy");
        Run occlusionRun = run("analyze", "--model", model, "--method", "occlusion", "--image", first.toString(), "--image", second.toString(),
                "--window", "4", "--stride", "2", "--target", "3", "--score", "probability", "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25",
                "--out", occlusion.toString());
        assertThat(occlusionRun.code()).as(occlusionRun.err()).isZero();
        assertThat(Npy.read(occlusion).shape()).containsExactly(2, 3, 16, 16);
        assertThat(occlusionRun.out()).contains("second.png").contains("resized 40×30 → 16×16");

        Path activations = temp.resolve("activations.npy");
        Run activationsRun = run("analyze", "--model", model, "--method", "activations", "--layer", "concat_1", "--image", first.toString(),
                "--out", activations.toString());
        assertThat(activationsRun.code()).as(activationsRun.err()).isZero();
        Tensor maps = Npy.read(activations);
        assertThat(maps.shape()).containsExactly(1, 8, 8, 8);
        for (float v : maps.data()) assertThat(v).isGreaterThanOrEqualTo(0f);
    }

    /**
     * A PNG through the model's mean/std preprocessing, explained from the command line, against PyTorch on the
     * same preprocessed image: attributions are taken with respect to the model input after preprocessing.
     */
    @Test
    void attributionsOfAPngWithMeanAndStdMatchPytorch() throws Exception {
        com.fasterxml.jackson.databind.JsonNode reference = null;
        for (var node : new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(Fixtures.path("attribution-reference.json")))) {
            if (node.get("file").asText().equals("keras-functional-bn.h5")) reference = node;
        }
        String mean = String.join(",", java.util.stream.StreamSupport.stream(reference.get("mean").spliterator(), false).map(n -> n.asText()).toList());
        String std = String.join(",", java.util.stream.StreamSupport.stream(reference.get("std").spliterator(), false).map(n -> n.asText()).toList());
        for (String method : new String[]{"saliency", "guided-backprop", "integrated-gradients", "gradcam"}) {
            Path out = temp.resolve(method + ".npy");
            Run run = run("analyze", "--model", Fixtures.path("keras-functional-bn.h5").toString(), "--method", method, "--target", "3",
                    "--image", Fixtures.path("attribution-input.png").toString(), "--mean", mean, "--std", std, "--out", out.toString());
            assertThat(run.code()).as(run.err()).isZero();
            Tensor actual = Npy.read(out);
            var expected = reference.get("methods").get(method);
            int size = actual.data().length;
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < size; i++) scale = Math.max(scale, Math.abs(expected.get("values").get(i).asDouble()));
            for (int i = 0; i < size; i++) worst = Math.max(worst, Math.abs(actual.data()[i] - expected.get("values").get(i).asDouble()));
            assertThat(actual.shape()[0]).isEqualTo(1);
            assertThat(worst).as(method).isLessThanOrEqualTo(1e-3 * Math.max(scale, 1e-9));
        }
    }

    /** The saved array is in model-input space: a forward pass of it reproduces the objective. */
    @Test
    void classModelWithoutAnImageWritesNpyAndPngs() throws Exception {
        Path model = Fixtures.builtInModel(temp);
        Path out = temp.resolve("class.npy");
        Path pngs = temp.resolve("png");
        Run run = run("analyze", "--model", model.toString(), "--method", "class-model", "--target", "1", "--steps", "120", "--seed", "3",
                "--l2", "0.001", "--tv", "0.001", "--jitter", "1", "--out", out.toString(), "--png", pngs.toString());
        assertThat(run.code()).as(run.err()).isZero();
        Tensor image = Npy.read(out);
        assertThat(image.shape()).containsExactly(1, 1, 28, 28);
        var loaded = org.convlens.model.ModelRegistry.loadFile(model);
        var probabilities = loaded.network().scores(loaded.network().logits(org.convlens.engine.Dl4jArrays.toArray(image)), org.convlens.engine.ScoreKind.PROBABILITY);
        assertThat(probabilities.getDouble(0, 1)).isGreaterThanOrEqualTo(0.99);
        assertThat(pngs.resolve("class-model-0.png")).exists();
        assertThat(ImagePreprocessor.decode(Files.readAllBytes(pngs.resolve("class-model-0.png"))).getWidth()).isEqualTo(28);
    }

    @Test
    void topkOverAFolderOfImagesWritesTheJsonContract() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("images/shirts"));
        for (int i = 0; i < 5; i++) {
            Path file = image("img" + i + ".png", 12 + 3 * i, 12);
            Files.move(file, folder.resolve(file.getFileName()));
        }
        Path out = temp.resolve("topk.json");
        Path projections = temp.resolve("projections.npy");
        Run run = run("topk", "--model", Fixtures.path(Fixtures.SEQUENTIAL_GRAY).toString(), "--layer", "pool1", "--k", "3",
                "--dataset", temp.resolve("images").toString(), "--out", out.toString(), "--projections", projections.toString());
        assertThat(run.code()).as(run.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
        assertThat(json.get("layer").asText()).isEqualTo("pool1");
        assertThat(json.get("units")).hasSize(4);
        var first = json.get("units").get(0);
        assertThat(first.get("channel").asInt()).isZero();
        assertThat(first.get("top")).hasSize(3);
        assertThat(first.get("top").get(0).get("image").asText()).startsWith("shirts/img");
        assertThat(first.get("top").get(0).get("activation").asDouble()).isGreaterThanOrEqualTo(first.get("top").get(1).get("activation").asDouble());
        assertThat(first.get("top").get(0).get("box")).hasSize(4);
        assertThat(Npy.read(projections).shape()).containsExactly(12, 1, 12, 12);
    }

    @Test
    void conceptsZipIsDissectedAblatedByLayerAndAnImageReducedToItsMinimum() throws Exception {
        Path zip = temp.resolve("concepts.zip");
        Run concepts = run("concepts", "--count", "200", "--seed", "4", "--out", zip.toString());
        assertThat(concepts.code()).as(concepts.err()).isZero();
        String model = "src/main/resources/builtin/models/concept-cnn.zip";

        Path csv = temp.resolve("dissect.csv");
        Path matrix = temp.resolve("iou.npy");
        Run dissect = run("dissect", "--model", model, "--layer", "conv1", "--dataset", zip.toString(), "--out", csv.toString(), "--iou-matrix", matrix.toString());
        assertThat(dissect.code()).as(dissect.err()).isZero();
        assertThat(dissect.out()).contains("200 images").contains("colour:");
        java.util.List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("unit,concept,category,iou,detector,threshold");
        assertThat(rows).hasSize(17);
        assertThat(Npy.read(matrix).shape()).containsExactly(16, 12);

        Path layers = temp.resolve("layers.csv");
        Run ablate = run("ablate", "--model", model, "--layer", "conv3", "--units", "layers", "--dataset", "concepts", "--limit", "300", "--out", layers.toString());
        assertThat(ablate.code()).as(ablate.err()).isZero();
        assertThat(Files.readAllLines(layers)).hasSize(5).first().isEqualTo("layer,units,accuracy,drop");

        Path photo = image("photo.png", 32, 32);
        Path minimal = temp.resolve("minimal.npy");
        Path steps = temp.resolve("steps.csv");
        Path png = temp.resolve("minimal.png");
        Run reduce = run("minimal-image", "--model", model, "--image", photo.toString(), "--segments", "superpixels", "--superpixels", "20",
                "--out", minimal.toString(), "--steps", steps.toString(), "--png", png.toString());
        assertThat(reduce.code()).as(reduce.err()).isZero();
        assertThat(Npy.read(minimal).shape()).containsExactly(1, 3, 32, 32);
        assertThat(Files.readAllLines(steps).get(0)).isEqualTo("step,segment,probability");
        assertThat(ImagePreprocessor.decode(Files.readAllBytes(png)).getWidth()).isEqualTo(32);
        assertThat(run("dissect", "--model", model, "--layer", "conv1", "--dataset", "builtin", "--out", csv.toString()).err())
                .contains("segmentation masks");
    }

    @Test
    void saveRecordsTheRunInTheDataDirectory() throws Exception {
        Path data = temp.resolve("data");
        Path out = temp.resolve("a.npy");
        Run saved = run("analyze", "--model", Fixtures.path(Fixtures.SEQUENTIAL_GRAY).toString(), "--method", "occlusion",
                "--image", image("x.png", 12, 12).toString(), "--window", "3", "--save", "--convlens.data-dir=" + data, "--out", out.toString());
        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(saved.out()).contains("saved as experiment");
        Experiment experiment = new ExperimentStore(DataDirectory.of(data.toString()).openDatabase()).newest(1, 0).get(0);
        assertThat(experiment.source()).isEqualTo(Experiment.Source.CLI);
        assertThat(experiment.status()).isEqualTo(Experiment.Status.DONE);
        assertThat(saved.out()).contains("/experiment/" + experiment.id());
    }

    @Test
    void inspectListsLayersAndBadInputExitsWithTwo() throws Exception {
        Run inspect = run("inspect", "--model", Fixtures.path(Fixtures.FUNCTIONAL_RGB).toString());
        assertThat(inspect.code()).isZero();
        assertThat(inspect.out()).contains("ComputationGraph").contains("concat_1").contains("MergeVertex").contains("16×16×3 NHWC");

        Run corrupt = run("inspect", "--model", Fixtures.path("corrupt-model.h5").toString());
        assertThat(corrupt.code()).isEqualTo(2);
        assertThat(corrupt.err()).startsWith("error: cannot read the HDF5 file");

        Run unknown = run("analyze", "--model", Fixtures.path(Fixtures.SEQUENTIAL_GRAY).toString(), "--method", "deepdream",
                "--image", image("y.png", 12, 12).toString(), "--out", temp.resolve("b.npy").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown method 'deepdream'");

        Run badFlag = run("analyze", "--modle", "x");
        assertThat(badFlag.code()).isEqualTo(2);
        assertThat(badFlag.err()).contains("unknown option --modle");
    }
}
