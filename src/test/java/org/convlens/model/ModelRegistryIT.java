package org.convlens.model;

import org.convlens.Fixtures;
import org.convlens.base.DataDirectory;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Model uploads against a real data directory and H2 file. */
class ModelRegistryIT {

    @TempDir
    Path temp;
    private DataDirectory data;
    private ModelRegistry registry;

    @BeforeEach
    void open() {
        data = DataDirectory.of(temp.toString());
        registry = new ModelRegistry(data, data.openDatabase());
    }

    private long filesInModels() throws IOException {
        try (Stream<Path> files = Files.list(data.models())) {
            return files.count();
        }
    }

    @Test
    void storesKerasUploadsOnceWithAGuessedProfile() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.path(Fixtures.FUNCTIONAL_RGB));
        StoredModel model = registry.register("functional.h5", bytes);
        assertThat(model.format()).isEqualTo(Dl4jModelFile.Format.KERAS_H5);
        assertThat(model.graph()).isTrue();
        assertThat(model.profile().describe()).isEqualTo("16×16×3 NHWC, pixel×1/255");
        assertThat(model.profile().labels()).hasSize(5);
        assertThat(registry.register("again.h5", bytes).id()).isEqualTo(model.id());
        assertThat(registry.list()).hasSize(1);
        assertThat(filesInModels()).isEqualTo(1);
        assertThat(registry.load(model.id()).network().layers()).hasSize(10);
    }

    @Test
    void corruptOrUnsupportedFilesLeaveNothingBehind() throws IOException {
        assertThatThrownBy(() -> registry.register("corrupt.h5", Files.readAllBytes(Fixtures.path("corrupt-model.h5"))))
                .isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> registry.register("text.zip", "PK\3\4 nothing".getBytes())).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> registry.register("empty.h5", new byte[0])).isInstanceOf(UserInputException.class).hasMessageContaining("empty");
        assertThat(registry.list()).isEmpty();
        assertThat(filesInModels()).isZero();
    }

    @Test
    void builtInModelIsRegisteredWithItsOwnProfile() {
        StoredModel builtIn = registry.ensureBuiltIn().get(0);
        assertThat(builtIn.builtIn()).isTrue();
        assertThat(builtIn.profile().labels()).contains("Trouser", "Ankle boot");
        assertThat(registry.builtIn()).contains(builtIn);
        assertThat(registry.ensureBuiltIn()).contains(builtIn);
        StoredModel concepts = registry.ensureBuiltIn().get(1);
        assertThat(concepts.name()).isEqualTo(ModelRegistry.CONCEPT_NAME);
        assertThat(concepts.profile().describe()).contains("32×32×3");
        assertThat(registry.list()).hasSize(2);
    }

    @Test
    void profileChangesAreCheckedByRunningTheNetwork() {
        StoredModel model = registry.ensureBuiltIn().get(0);
        ModelProfile wrongSize = new ModelProfile(32, 32, 1, model.profile().layout(), 1.0 / 255, null, null, model.profile().labels());
        assertThatThrownBy(() -> registry.updateProfile(model.id(), wrongSize)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("does not run on a 32×32×1");
        ModelProfile normalized = model.profile().withNormalization(new double[]{0.5}, new double[]{0.25});
        assertThat(registry.updateProfile(model.id(), normalized).profile()).isEqualTo(normalized);
        assertThat(registry.load(model.id()).profile()).isEqualTo(normalized);
    }
}
