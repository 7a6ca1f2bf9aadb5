package org.convlens;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numerics stay in the engine: only {@code engine} touches DL4J, and only {@code engine}, the technique
 * classes of {@code analysis} and {@code synthesis} touch ND4J. Views, services, the store and the command
 * line see plain arrays.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/org/convlens");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    private static String relative(Path file) {
        return MAIN.relativize(file).toString().replace('\\', '/');
    }

    @Test
    void onlyTheEngineUsesDl4j() throws IOException {
        List<String> offenders = sources().stream()
                .filter(f -> !relative(f).startsWith("engine/"))
                .filter(f -> read(f).contains("org.deeplearning4j."))
                .map(ArchitectureTest::relative).toList();
        assertThat(offenders).isEmpty();
    }

    @Test
    void onlyTheEngineAndTheTechniquesUseNd4j() throws IOException {
        List<String> offenders = sources().stream()
                .filter(f -> !relative(f).startsWith("engine/") && !relative(f).startsWith("synthesis/")
                        && !(relative(f).startsWith("analysis/") && !relative(f).startsWith("analysis/ui/")))
                .filter(f -> read(f).contains("org.nd4j."))
                .map(ArchitectureTest::relative).toList();
        assertThat(offenders).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
