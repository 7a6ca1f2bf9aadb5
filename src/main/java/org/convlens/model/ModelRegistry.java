package org.convlens.model;

import org.convlens.base.DataDirectory;
import org.convlens.base.Hashes;
import org.convlens.base.UserInputException;
import org.convlens.engine.Dl4jModelFile;
import org.convlens.engine.Dl4jNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models an instance knows: the built-in one and uploads. Files live in the data directory under
 * their content hash; a row in H2 holds name, format and preprocessing profile. A file that cannot be
 * read or run is refused before anything is stored.
 */
public class ModelRegistry {

    public static final String BUILT_IN_RESOURCE = "/builtin/models/fashion-cnn.zip";
    public static final String BUILT_IN_NAME = "Fashion-MNIST CNN (built-in)";
    public static final String CONCEPT_RESOURCE = "/builtin/models/concept-cnn.zip";
    public static final String CONCEPT_NAME = "Concept CNN (built-in, for dissection)";
    public static final long MAX_MODEL_BYTES = 512L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final DataDirectory dataDirectory;
    private final JdbcTemplate jdbc;
    private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();

    public ModelRegistry(DataDirectory dataDirectory, DataSource dataSource) {
        this.dataDirectory = dataDirectory;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Reads a model file without storing it, as the command line does. */
    public static LoadedModel loadFile(Path file) {
        try {
            if (Files.size(file) > MAX_MODEL_BYTES) throw new org.convlens.base.TooLargeException("model file is larger than " + MAX_MODEL_BYTES / (1024 * 1024) + " MB");
            String id = Hashes.sha256(Files.readAllBytes(file));
            Dl4jModelFile modelFile = Dl4jModelFile.read(file);
            ModelProfile profile = initialProfile(modelFile);
            return new LoadedModel(id, file.getFileName().toString(), checkedNetwork(modelFile, profile), profile);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public List<StoredModel> list() {
        return jdbc.query("select * from model order by built_in desc, case when built_in then created_at end, created_at desc", ROW);
    }

    public Optional<StoredModel> find(String id) {
        return jdbc.query("select * from model where id = ?", ROW, id).stream().findFirst();
    }

    public StoredModel get(String id) {
        return find(id).orElseThrow(() -> new org.convlens.base.NotFoundException("no model with id " + id));
    }

    /** The Fashion-MNIST model, which the views start with. */
    public Optional<StoredModel> builtIn() {
        return jdbc.query("select * from model where built_in and name = ? order by created_at desc", ROW, BUILT_IN_NAME).stream().findFirst();
    }

    /** The model ready to run; networks are read once and kept. */
    public LoadedModel load(String id) {
        return loaded.computeIfAbsent(id, key -> {
            StoredModel model = get(key);
            Dl4jModelFile file = Dl4jModelFile.read(dataDirectory.models().resolve(model.fileName()));
            return new LoadedModel(model.id(), model.name(), checkedNetwork(file, model.profile()), model.profile());
        });
    }

    /**
     * Stores an uploaded model after reading it and running it once on a blank input. Uploading the same
     * file twice returns the model already stored.
     */
    public StoredModel register(String originalName, byte[] content) {
        return register(originalName, content, false);
    }

    public synchronized StoredModel register(String originalName, byte[] content, boolean builtIn) {
        if (content.length > MAX_MODEL_BYTES) throw new org.convlens.base.TooLargeException("model file is larger than " + MAX_MODEL_BYTES / (1024 * 1024) + " MB");
        if (content.length == 0) throw new UserInputException("the model file is empty");
        String id = Hashes.sha256(content);
        Optional<StoredModel> existing = find(id);
        if (existing.isPresent()) return existing.get();

        Path temp = null;
        Path target = null;
        try {
            temp = Files.createTempFile(dataDirectory.models(), "upload-", ".part");
            Files.write(temp, content);
            Dl4jModelFile file = Dl4jModelFile.read(temp);
            ModelProfile profile = initialProfile(file);
            Dl4jNetwork network = checkedNetwork(file, profile);
            String extension = file.format() == Dl4jModelFile.Format.KERAS_H5 ? ".h5" : ".zip";
            target = dataDirectory.models().resolve(id + extension);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String name = originalName == null || originalName.isBlank() ? id.substring(0, 12) : originalName;
            jdbc.update("insert into model (id, name, format, graph, file_name, profile, built_in, created_at) values (?,?,?,?,?,?,?,?)",
                    id, name, file.format().name(), file.isGraph(), target.getFileName().toString(), profile.toJson(), builtIn,
                    Timestamp.from(Instant.now()));
            loaded.put(id, new LoadedModel(id, name, network, profile));
            log.info("stored model {} ({}) as {}", name, file.format(), id);
            return get(id);
        } catch (IOException e) {
            deleteQuietly(target);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Changes how images are fed to a model; the profile is checked by running the network once. */
    public StoredModel updateProfile(String id, ModelProfile profile) {
        StoredModel model = get(id);
        Dl4jModelFile file = Dl4jModelFile.read(dataDirectory.models().resolve(model.fileName()));
        Dl4jNetwork network = checkedNetwork(file, profile);
        jdbc.update("update model set profile = ? where id = ?", profile.toJson(), id);
        loaded.put(id, new LoadedModel(id, model.name(), network, profile));
        return get(id);
    }

    /** Registers the models shipped in the jar (Fashion-MNIST, then the concept model), once per data directory. */
    public List<StoredModel> ensureBuiltIn() {
        List<StoredModel> registered = new java.util.ArrayList<>();
        for (String[] builtIn : new String[][]{{BUILT_IN_RESOURCE, BUILT_IN_NAME, "fashion"}, {CONCEPT_RESOURCE, CONCEPT_NAME, "concepts"}}) {
            try (InputStream in = ModelRegistry.class.getResourceAsStream(builtIn[0])) {
                if (in == null) {
                    log.warn("no {} in this build; run 'java -jar target/convlens.jar train-default --network {}' and rebuild", builtIn[0], builtIn[2]);
                    continue;
                }
                registered.add(register(builtIn[1], in.readAllBytes(), true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return registered;
    }

    private static ModelProfile initialProfile(Dl4jModelFile file) {
        if (file.embeddedProfile().isPresent()) return ModelProfile.fromJson(file.embeddedProfile().get());
        if (file.guessedInput() == null) {
            throw new UserInputException("cannot tell the model's input size: ConvLens needs a network whose first layer is a "
                    + "convolution over 1 or 3 channels, or a Keras file with batch_input_shape");
        }
        Dl4jNetwork probe = file.network(file.guessedInput());
        return ModelProfile.defaults(file.guessedInput(), probe.numClasses());
    }

    /** Builds the network for a profile and runs it once, so a model that cannot run is refused at once. */
    private static Dl4jNetwork checkedNetwork(Dl4jModelFile file, ModelProfile profile) {
        Dl4jNetwork network = file.network(profile.inputSpec());
        try {
            network.runOnBlankInput();
        } catch (RuntimeException e) {
            throw new UserInputException("the model does not run on a " + profile.describe() + " input: " + e.getMessage(), e);
        }
        return network;
    }

    private static void deleteQuietly(Path path) {
        if (path == null) return;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete {}", path, e);
        }
    }

    private static final RowMapper<StoredModel> ROW = (rs, n) -> new StoredModel(
            rs.getString("id"), rs.getString("name"), Dl4jModelFile.Format.valueOf(rs.getString("format")), rs.getBoolean("graph"),
            rs.getString("file_name"), ModelProfile.fromJson(rs.getString("profile")), rs.getBoolean("built_in"),
            rs.getTimestamp("created_at").toInstant());
}
