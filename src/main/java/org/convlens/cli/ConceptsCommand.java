package org.convlens.cli;

import org.convlens.dataset.ConceptArchive;
import org.convlens.dataset.ConceptImages;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** {@code concepts}: writes the procedural concept dataset as a ZIP in the upload format, masks and CSVs included. */
final class ConceptsCommand {

    private ConceptsCommand() {
    }

    static void run(Arguments args, PrintStream out) throws IOException {
        args.allowOnly(Set.of("count", "seed", "out"));
        ConceptImages images = new ConceptImages(args.intValue("count", 2000), args.intValue("seed", (int) ConceptImages.DISSECTION_SEED));
        Path file = Path.of(args.require("out"));
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream stream = Files.newOutputStream(file)) {
            ConceptArchive.write(images, stream);
        }
        out.printf("%d concept images with masks written to %s (%d KB)%n", images.size(), file, Files.size(file) / 1024);
    }
}
