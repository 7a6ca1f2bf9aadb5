package org.convlens.cli;

import org.convlens.dataset.DatasetArchive;
import org.convlens.dataset.DatasetSource;
import org.convlens.dataset.ImageDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --dataset builtin|concepts|DIR|FILE.zip}: the built-in Fashion-MNIST test set or concept dataset, a folder of images, or a dataset ZIP unpacked to a temporary folder. */
final class DatasetArguments {

    private DatasetArguments() {
    }

    static ImageDataset open(String argument, int limit, PrintStream out) throws IOException {
        if (argument.equals(DatasetSource.FASHION_MNIST) || argument.equals(DatasetSource.CONCEPTS)) return DatasetSource.BUILT_IN.open(argument, limit);
        Path path = Path.of(argument);
        if (!argument.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) return ImageDataset.folder(path, limit);
        Path folder = Files.createTempDirectory("convlens-dataset");
        folder.toFile().deleteOnExit();
        DatasetArchive.Report report = DatasetArchive.extract(path, folder, DatasetArchive.Limits.DEFAULT);
        out.printf("%s: %d files accepted, %d refused%n", path.getFileName(), report.accepted(), report.rejected().size());
        report.rejected().forEach(r -> out.printf("  refused %s: %s%n", r.entry(), r.reason()));
        return ImageDataset.folder(folder, limit);
    }
}
