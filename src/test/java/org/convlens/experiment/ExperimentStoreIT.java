package org.convlens.experiment;

import org.convlens.base.DataDirectory;
import org.convlens.base.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The experiment store on a real H2 file, migrated by the Flyway scripts in db/. */
class ExperimentStoreIT {

    @TempDir
    Path temp;
    private DataSource dataSource;
    private ExperimentStore store;

    @BeforeEach
    void open() {
        dataSource = DataDirectory.of(temp.toString()).openDatabase();
        store = new ExperimentStore(dataSource);
    }

    private static NewImage image(String name, byte seed) {
        return new NewImage(name, new byte[]{1, 2, 3, seed}, 28, 28, 1, "resized");
    }

    @Test
    void completedRunKeepsItsArraysInOrderAndItsImages() {
        String id = store.start("hash", "model", "occlusion", "{\"window\":4}", List.of(image("a.png", (byte) 1), image("b.png", (byte) 2)), Experiment.Source.CLI, null);
        assertThat(store.find(id)).get().extracting(Experiment::status).isEqualTo(Experiment.Status.RUNNING);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("zeta", new Tensor(new int[]{2, 1, 1, 2}, new float[]{1, -2, 3.5f, Float.MIN_VALUE}));
        arrays.put("alpha", new Tensor(new int[]{1}, new float[]{42}));
        store.complete(id, arrays, "{\"facts\":{}}", 1234);

        Experiment done = store.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(Experiment.Status.DONE);
        assertThat(done.durationMs()).isEqualTo(1234);
        assertThat(done.inputs()).extracting(Experiment.Input::name).containsExactly("a.png", "b.png");
        assertThat(done.inputs().get(0).notes()).isEqualTo("resized");
        assertThat(store.arrays(id)).containsExactlyEntriesOf(arrays);
        assertThat(store.imagePng(done.inputs().get(1).imageId())).get().isEqualTo(new byte[]{1, 2, 3, 2});
    }

    @Test
    void failedRunHasItsErrorAndNoArrays() {
        String id = store.start("hash", "model", "occlusion", "{}", List.of(image("a.png", (byte) 1)), Experiment.Source.UI, null);
        store.fail(id, "window 40 is larger than the image", 5);
        Experiment failed = store.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(Experiment.Status.FAILED);
        assertThat(failed.error()).contains("larger than the image");
        assertThat(store.arrays(id)).isEmpty();
    }

    @Test
    void aCompletionThatBreaksHalfwayLeavesNoArrays() {
        String id = store.start("hash", "model", "occlusion", "{}", List.of(image("a.png", (byte) 1)), Experiment.Source.UI, null);
        store.fail(id, "cancelled", 1);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", new Tensor(new int[]{1}, new float[]{1}));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.complete(id, arrays, "{}", 2)).hasMessageContaining("not running");
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from experiment_array", Integer.class)).isZero();
    }

    @Test
    void newestFirstWithPagingAndInterruptedRunsMarkedFailed() {
        for (int i = 0; i < 5; i++) store.start("hash", "model", "m" + i, "{}", List.of(image("x.png", (byte) 9)), Experiment.Source.API, null);
        assertThat(store.count()).isEqualTo(5);
        assertThat(store.newest(2, 0)).extracting(Experiment::method).containsExactly("m4", "m3");
        assertThat(store.newest(2, 4)).extracting(Experiment::method).containsExactly("m0");
        assertThat(store.failInterrupted()).isEqualTo(5);
        assertThat(store.newest(10, 0)).allMatch(e -> e.status() == Experiment.Status.FAILED && e.error().startsWith("interrupted"));
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from image", Integer.class)).as("images stored once").isEqualTo(1);
    }
}
