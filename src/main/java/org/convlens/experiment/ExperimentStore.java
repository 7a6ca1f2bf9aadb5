package org.convlens.experiment;

import org.convlens.base.Hashes;
import org.convlens.base.Tensor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiments in H2. A run is recorded as RUNNING when it starts; its result arrays are written in the
 * same transaction that marks it DONE, so a failure leaves a FAILED row with its error and no arrays.
 */
public class ExperimentStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public ExperimentStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public String start(String modelId, String modelName, String method, String paramsJson, List<NewImage> images, Experiment.Source source) {
        String id = org.convlens.base.RandomIds.next();
        transactions.executeWithoutResult(status -> {
            jdbc.update("insert into experiment (id, model_id, model_name, method, params, status, source, created_at) values (?,?,?,?,?,?,?,?)",
                    id, modelId, modelName, method, paramsJson, Experiment.Status.RUNNING.name(), source.name(), Timestamp.from(Instant.now()));
            for (int i = 0; i < images.size(); i++) {
                NewImage image = images.get(i);
                String imageId = Hashes.sha256(image.png());
                jdbc.update("merge into image (id, name, width, height, channels, png, created_at) key (id) values (?,?,?,?,?,?,?)",
                        imageId, truncate(image.name(), 200), image.width(), image.height(), image.channels(), image.png(), Timestamp.from(Instant.now()));
                jdbc.update("insert into experiment_image (experiment_id, position, image_id, notes) values (?,?,?,?)",
                        id, i, imageId, truncate(image.notes(), 1000));
            }
        });
        return id;
    }

    public void complete(String id, Map<String, Tensor> arrays, String summaryJson, long durationMs) {
        complete(id, arrays, summaryJson, durationMs, Experiment.Status.DONE);
    }

    /** Stores the arrays and the final status (DONE, or CANCELLED with what was made so far) in one transaction. */
    public void complete(String id, Map<String, Tensor> arrays, String summaryJson, long durationMs, Experiment.Status finalStatus) {
        transactions.executeWithoutResult(status -> {
            int position = 0;
            for (Map.Entry<String, Tensor> array : arrays.entrySet()) {
                jdbc.update("insert into experiment_array (experiment_id, name, position, shape, data) values (?,?,?,?,?)",
                        id, array.getKey(), position++, shapeText(array.getValue().shape()), toBytes(array.getValue().data()));
            }
            int updated = jdbc.update("update experiment set status = ?, summary = ?, finished_at = ?, duration_ms = ? where id = ? and status = ?",
                    finalStatus.name(), summaryJson, Timestamp.from(Instant.now()), durationMs, id, Experiment.Status.RUNNING.name());
            if (updated != 1) throw new IllegalStateException("experiment " + id + " is not running");
        });
    }

    public void fail(String id, String error, long durationMs) {
        fail(id, Experiment.Status.FAILED, error, durationMs);
    }

    /** Ends a run without a result: FAILED with its error, or CANCELLED. */
    public void fail(String id, Experiment.Status finalStatus, String error, long durationMs) {
        jdbc.update("update experiment set status = ?, error = ?, finished_at = ?, duration_ms = ? where id = ?",
                finalStatus.name(), truncate(error == null ? "failed" : error, 4000), Timestamp.from(Instant.now()), durationMs, id);
    }

    /** Runs left RUNNING by a process that stopped cannot finish any more. */
    public int failInterrupted() {
        return jdbc.update("update experiment set status = ?, error = ? where status = ?",
                Experiment.Status.FAILED.name(), "interrupted: ConvLens stopped while this ran", Experiment.Status.RUNNING.name());
    }

    public List<Experiment> newest(int limit, int offset) {
        List<Experiment> rows = jdbc.query("select * from experiment order by created_at desc, id limit ? offset ?", ROW, limit, offset);
        return rows.stream().map(this::withInputs).toList();
    }

    /** Finished runs of one method on one model, newest first (without their inputs). */
    public List<Experiment> latestDone(String modelId, String method, int limit) {
        return jdbc.query("select * from experiment where model_id = ? and method = ? and status = ? order by created_at desc, id limit ?",
                ROW, modelId, method, Experiment.Status.DONE.name(), limit);
    }

    public int count() {
        Integer count = jdbc.queryForObject("select count(*) from experiment", Integer.class);
        return count == null ? 0 : count;
    }

    public Optional<Experiment> find(String id) {
        return jdbc.query("select * from experiment where id = ?", ROW, id).stream().findFirst().map(this::withInputs);
    }

    public Map<String, Tensor> arrays(String id) {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        jdbc.query("select name, shape, data from experiment_array where experiment_id = ? order by position", rs -> {
            arrays.put(rs.getString("name"), new Tensor(parseShape(rs.getString("shape")), fromBytes(rs.getBytes("data"))));
        }, id);
        return arrays;
    }

    public Optional<byte[]> imagePng(String imageId) {
        return jdbc.query("select png from image where id = ?", (rs, n) -> rs.getBytes(1), imageId).stream().findFirst();
    }

    private Experiment withInputs(Experiment e) {
        List<Experiment.Input> inputs = jdbc.query(
                "select ei.position, ei.image_id, i.name, ei.notes from experiment_image ei join image i on i.id = ei.image_id "
                        + "where ei.experiment_id = ? order by ei.position",
                (rs, n) -> new Experiment.Input(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)), e.id());
        return new Experiment(e.id(), e.modelId(), e.modelName(), e.method(), e.paramsJson(), e.status(), e.error(), e.summaryJson(),
                e.source(), e.createdAt(), e.finishedAt(), e.durationMs(), inputs);
    }

    static byte[] toBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    static float[] fromBytes(byte[] bytes) {
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static String shapeText(int[] shape) {
        return String.join(",", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }

    private static int[] parseShape(String text) {
        return text.isEmpty() ? new int[0] : Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static final RowMapper<Experiment> ROW = (rs, n) -> {
        Timestamp finished = rs.getTimestamp("finished_at");
        long duration = rs.getLong("duration_ms");
        return new Experiment(rs.getString("id"), rs.getString("model_id"), rs.getString("model_name"), rs.getString("method"),
                rs.getString("params"), Experiment.Status.valueOf(rs.getString("status")), rs.getString("error"), rs.getString("summary"),
                Experiment.Source.valueOf(rs.getString("source")), rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.wasNull() ? null : duration, List.of());
    };
}
