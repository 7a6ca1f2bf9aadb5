package org.convlens.experiment;

import org.convlens.base.DataDirectory;
import org.convlens.base.NotFoundException;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.model.ImagePreprocessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** History filters, annotations, share links, lessons and export/import on a real H2 file. */
class TeamStoresIT {

    @TempDir
    Path temp;
    private DataSource dataSource;
    private ExperimentStore store;

    @BeforeEach
    void open() {
        dataSource = DataDirectory.of(temp.toString()).openDatabase();
        store = new ExperimentStore(dataSource);
    }

    private static NewImage png(String name, int value) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(1, 1, 0, value);
        return new NewImage(name, ImagePreprocessor.toPng(image), 4, 4, 1, "");
    }

    private String done(String model, String method, String layer) {
        String id = store.start("hash-" + model, model, method, layer == null ? "{}" : "{\"layer\":\"" + layer + "\"}", List.of(png("a.png", 7)),
                Experiment.Source.UI, "ann");
        store.complete(id, Map.of("attribution", new Tensor(new int[]{1, 1, 2, 2}, new float[]{1, -2, 3, 4})), "{\"facts\":{}}", 12);
        return id;
    }

    @Test
    void filtersCombineAndPagesStayInOrderWithTenThousandExperiments() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new Object[]{String.format("x%011d", i), "hash-" + (i % 3), "model " + (i % 3), i % 2 == 0 ? "saliency" : "occlusion", "{}",
                    i % 5 == 0 ? "FAILED" : "DONE", "API", java.sql.Timestamp.from(start.plus(i, ChronoUnit.MINUTES)), i % 4 == 0 ? "conv2" : "conv1"});
        }
        jdbc.batchUpdate("insert into experiment (id, model_id, model_name, method, params, status, source, created_at, layer) values (?,?,?,?,?,?,?,?,?)", rows);
        assertThat(store.count()).isEqualTo(10_000);
        List<Experiment> last = store.search(ExperimentStore.Filter.ALL, 50, 9_950);
        assertThat(last).hasSize(50);
        assertThat(last.get(49).id()).isEqualTo("x00000000000");
        ExperimentStore.Filter combined = new ExperimentStore.Filter(null, "hash-1", "occlusion", "conv1", null, Experiment.Status.DONE, null, null);
        int expected = 0;
        for (int i = 0; i < 10_000; i++) if (i % 3 == 1 && i % 2 == 1 && i % 4 != 0 && i % 5 != 0) expected++;
        assertThat(store.count(combined)).isEqualTo(expected);
        assertThat(store.search(combined, 1000, 0)).allMatch(e -> e.modelId().equals("hash-1") && e.method().equals("occlusion")
                && "conv1".equals(e.layer()) && e.status() == Experiment.Status.DONE).hasSize(Math.min(1000, expected));
        ExperimentStore.Filter day = new ExperimentStore.Filter(null, null, null, null, null, null, start.plus(1, ChronoUnit.DAYS), start.plus(2, ChronoUnit.DAYS));
        assertThat(store.count(day)).isEqualTo(24 * 60);
        assertThat(store.distinct("layer")).containsExactly("conv1", "conv2");
        assertThat(store.models()).containsEntry("hash-2", "model 2");
    }

    @Test
    void titlesTagsAndNotesAreSearchableAndDeleteTakesEverythingAlong() {
        String id = done("fashion", "gradcam", "conv2");
        String other = done("fashion", "saliency", null);
        store.rename(id, "  Where the trouser is  ");
        store.annotate(id, "Look at the waistband: 100% of the drop");
        store.tag(id, List.of(" Week-2", "week-2", "cam"));
        Experiment found = store.find(id).orElseThrow();
        assertThat(found.title()).isEqualTo("Where the trouser is");
        assertThat(found.tags()).containsExactly("cam", "week-2");
        assertThat(found.layer()).isEqualTo("conv2");
        assertThat(found.owner()).isEqualTo("ann");
        assertThat(store.search(new ExperimentStore.Filter("TROUSER", null, null, null, null, null, null, null), 10, 0)).extracting(Experiment::id).containsExactly(id);
        assertThat(store.count(new ExperimentStore.Filter("100%", null, null, null, null, null, null, null))).isEqualTo(1);
        assertThat(store.count(new ExperimentStore.Filter("_", null, null, null, null, null, null, null))).as("_ is no wildcard").isZero();
        assertThat(store.count(new ExperimentStore.Filter(null, null, null, null, "WEEK-2", null, null, null))).isEqualTo(1);
        assertThatThrownBy(() -> store.tag("missing", List.of("x"))).isInstanceOf(NotFoundException.class);

        ShareStore shares = new ShareStore(dataSource);
        LessonStore lessons = new LessonStore(dataSource);
        ShareStore.Share share = shares.create(id, "ann");
        LessonStore.Lesson lesson = lessons.create("Week 2", "ann");
        lessons.append(lesson.id(), id, "first");
        lessons.append(lesson.id(), other, "second");
        assertThat(store.delete(id)).isTrue();
        assertThat(store.find(id)).isEmpty();
        assertThat(shares.experimentOf(share.token())).isEmpty();
        assertThat(lessons.get(lesson.id()).items()).extracting(LessonStore.Item::caption).containsExactly("second");
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from experiment_array where experiment_id = ?", Integer.class, id)).isZero();
        assertThat(store.delete(id)).isFalse();
    }

    @Test
    void shareTokensAreLongRandomAndRevocable() {
        String id = done("fashion", "saliency", null);
        ShareStore shares = new ShareStore(dataSource);
        ShareStore.Share first = shares.create(id, null);
        ShareStore.Share second = shares.create(id, null);
        assertThat(first.token()).hasSize(43).isNotEqualTo(second.token());
        assertThat(shares.experimentOf(first.token())).contains(id);
        assertThat(shares.live(id)).hasSize(2);
        assertThat(shares.revoke(first.token())).isTrue();
        assertThat(shares.revoke(first.token())).isFalse();
        assertThat(shares.experimentOf(first.token())).isEmpty();
        assertThat(shares.experimentOf("../../etc")).isEmpty();
        assertThatThrownBy(() -> shares.create("missing", null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void lessonsKeepTheirOrderWhenItemsMove() {
        LessonStore lessons = new LessonStore(dataSource);
        LessonStore.Lesson lesson = lessons.create("Convolutions", null);
        String a = done("m", "saliency", null), b = done("m", "gradcam", null), c = done("m", "occlusion", null);
        for (String id : List.of(a, b, c)) lessons.append(lesson.id(), id, "about " + id);
        int positionOfC = lessons.get(lesson.id()).items().get(2).position();
        lessons.move(lesson.id(), positionOfC, -1);
        assertThat(lessons.get(lesson.id()).items()).extracting(LessonStore.Item::experimentId).containsExactly(a, c, b);
        lessons.move(lesson.id(), lessons.get(lesson.id()).items().get(0).position(), -1);
        assertThat(lessons.get(lesson.id()).items()).extracting(LessonStore.Item::experimentId).containsExactly(a, c, b);
        assertThatThrownBy(() -> lessons.create(" ", null)).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> lessons.append(lesson.id(), "missing", "")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anExportIsImportedIntoAnotherInstanceAsTheSameEntry() {
        String id = done("fashion", "gradcam", "conv2");
        store.rename(id, "CAM");
        store.tag(id, List.of("export"));
        byte[] zip = new ExperimentArchive(store).export(id);

        ExperimentStore elsewhere = new ExperimentStore(DataDirectory.of(temp.resolve("other").toString()).openDatabase());
        String imported = new ExperimentArchive(elsewhere).importZip(zip);
        assertThat(imported).isEqualTo(id);
        Experiment copy = elsewhere.find(imported).orElseThrow();
        Experiment original = store.find(id).orElseThrow();
        assertThat(copy.title()).isEqualTo("CAM");
        assertThat(copy.tags()).containsExactly("export");
        assertThat(copy.paramsJson()).isEqualTo(original.paramsJson());
        assertThat(copy.inputs()).extracting(Experiment.Input::imageId).isEqualTo(original.inputs().stream().map(Experiment.Input::imageId).toList());
        assertThat(elsewhere.arrays(imported).get("attribution").data()).containsExactly(1, -2, 3, 4);
        assertThat(elsewhere.arrayNames(imported)).containsExactly("attribution");
        assertThat(elsewhere.array(imported, null).orElseThrow().shape()).containsExactly(1, 1, 2, 2);
        assertThat(elsewhere.array(imported, "nothing")).isEmpty();

        byte[] tampered = zip.clone();
        assertThatThrownBy(() -> new ExperimentArchive(elsewhere).importZip(java.util.Arrays.copyOf(tampered, tampered.length / 2)))
                .isInstanceOf(UserInputException.class);
        int before = elsewhere.count();
        assertThatThrownBy(() -> new ExperimentArchive(elsewhere).importZip("nothing".getBytes())).isInstanceOf(UserInputException.class);
        assertThat(elsewhere.count()).isEqualTo(before);
    }
}
