package org.convlens.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.base.DataDirectory;
import org.convlens.base.Progress;
import org.convlens.base.RandomIds;
import org.convlens.base.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The datasets an instance knows: the two built-in ones and uploaded ZIPs, unpacked under {@code datasets/{id}} of the
 * data directory. An upload is unpacked and checked in a folder of its own and becomes visible only when every check
 * passed; a refused upload leaves no files and no row.
 */
public class DatasetStore implements DatasetSource {

    public static final long MAX_UPLOAD_BYTES = 1024L * 1024 * 1024;
    private static final String INCOMING = ".incoming-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);

    public record DatasetInfo(String id, String name, int images, List<String> classes, int concepts, boolean builtIn, Instant createdAt) {
        public String describe() {
            return name + " — " + String.format("%,d", images) + " images" + (classes.isEmpty() ? "" : ", " + classes.size() + " classes")
                    + (concepts > 0 ? ", " + concepts + " concepts with masks" : "");
        }
    }

    public record Upload(DatasetInfo dataset, List<DatasetArchive.Rejected> rejected) {
    }

    private final DataDirectory directory;
    private final JdbcTemplate jdbc;
    private final DatasetArchive.Limits limits;

    public DatasetStore(DataDirectory directory, DataSource dataSource, DatasetArchive.Limits limits) {
        this.directory = directory;
        this.jdbc = new JdbcTemplate(dataSource);
        this.limits = limits;
    }

    /** Removes what uploads interrupted by a stop left behind. */
    public void removeIncomplete() {
        try (Stream<Path> entries = Files.list(directory.datasets())) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith(INCOMING)).toList()) deleteTree(entry);
        } catch (IOException e) {
            log.warn("could not clean {}", directory.datasets(), e);
        }
    }

    public List<DatasetInfo> list() {
        List<DatasetInfo> all = new ArrayList<>(builtIns());
        all.addAll(jdbc.query("select * from dataset order by created_at desc", ROW));
        return all;
    }

    private static List<DatasetInfo> builtIns() {
        return List.of(
                new DatasetInfo(FASHION_MNIST, "Fashion-MNIST test set (built-in)", BuiltInData.fashionMnistTest().size(), BuiltInData.FASHION_CLASSES, 0, true, null),
                new DatasetInfo(CONCEPTS, "Concept images (built-in, with masks)", ConceptImages.forDissection(0).size(), ConceptImages.classes(),
                        ConceptImages.CONCEPTS.size(), true, null));
    }

    @Override
    public ImageDataset open(String id, int limit) {
        if (id == null || id.isBlank() || id.equals(FASHION_MNIST) || id.equals(CONCEPTS)) return BUILT_IN.open(id, limit);
        if (!id.matches("[a-z0-9]{12}") || jdbc.queryForObject("select count(*) from dataset where id = ?", Integer.class, id) == 0) {
            throw new UserInputException("no dataset '" + id + "'");
        }
        return FolderDataset.open(directory.datasets().resolve(id), limit);
    }

    /** Unpacks, checks and stores an uploaded ZIP (the caller removes the file); what the archive held besides images and CSVs is reported, not kept. */
    public Upload upload(String fileName, Path zip, Progress progress) {
        String id = RandomIds.next();
        Path unpacked = directory.datasets().resolve(INCOMING + id);
        try {
            long size = Files.size(zip);
            if (size == 0) throw new UserInputException("the file is empty");
            if (size > MAX_UPLOAD_BYTES) throw new org.convlens.base.TooLargeException("the upload is larger than " + MAX_UPLOAD_BYTES / (1024 * 1024) + " MB");
            progress.update(0.1, "unpacking");
            DatasetArchive.Report report = DatasetArchive.extract(zip, unpacked, limits);
            FolderDataset dataset = FolderDataset.open(unpacked, 0);
            dataset.validate(new Progress() {
                @Override
                public void update(double fraction, String message) {
                    progress.update(0.2 + 0.8 * fraction, message);
                }

                @Override
                public boolean cancelled() {
                    return progress.cancelled();
                }
            });
            Files.move(unpacked, directory.datasets().resolve(id), StandardCopyOption.ATOMIC_MOVE);
            String name = fileName == null || fileName.isBlank() ? id : fileName.replaceFirst("(?i)\\.zip$", "");
            int concepts = dataset.concepts() == null ? 0 : dataset.concepts().concepts().size();
            jdbc.update("insert into dataset (id, name, images, classes, concepts, rejected, created_at) values (?,?,?,?,?,?,?)",
                    id, name.length() > 200 ? name.substring(0, 200) : name, dataset.size(), json(dataset.classNames()), concepts,
                    json(report.rejected()), Timestamp.from(Instant.now()));
            log.info("stored dataset {} ({} images) as {}", name, dataset.size(), id);
            return new Upload(get(id), report.rejected());
        } catch (IOException e) {
            deleteTree(directory.datasets().resolve(id));
            throw new UserInputException("cannot store the dataset: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(directory.datasets().resolve(id));
            throw e;
        } finally {
            deleteTree(unpacked);
        }
    }

    public DatasetInfo get(String id) {
        return list().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow(() -> new UserInputException("no dataset '" + id + "'"));
    }

    /** The entries the upload refused, with reasons. */
    public List<DatasetArchive.Rejected> rejected(String id) {
        return jdbc.query("select rejected from dataset where id = ?", (rs, n) -> rs.getString(1), id).stream().findFirst()
                .map(text -> read(text, new TypeReference<List<DatasetArchive.Rejected>>() { })).orElse(List.of());
    }

    public void delete(String id) {
        if (jdbc.update("delete from dataset where id = ?", id) == 0) throw new UserInputException("no uploaded dataset '" + id + "'");
        deleteTree(directory.datasets().resolve(id));
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) return;
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final RowMapper<DatasetInfo> ROW = (rs, n) -> new DatasetInfo(rs.getString("id"), rs.getString("name"), rs.getInt("images"),
            read(rs.getString("classes"), new TypeReference<List<String>>() { }), rs.getInt("concepts"), false, rs.getTimestamp("created_at").toInstant());
}
