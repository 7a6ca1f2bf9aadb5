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

    public String start(String modelId, String modelName, String method, String paramsJson, List<NewImage> images, Experiment.Source source, String owner) {
        String id = org.convlens.base.RandomIds.next();
        transactions.executeWithoutResult(status -> {
            jdbc.update("insert into experiment (id, model_id, model_name, method, params, status, source, created_at, owner, layer) values (?,?,?,?,?,?,?,?,?,?)",
                    id, modelId, modelName, method, paramsJson, Experiment.Status.RUNNING.name(), source.name(), Timestamp.from(Instant.now()),
                    owner, layerOf(paramsJson));
            insertImages(id, images);
        });
        return id;
    }

    private void insertImages(String id, List<NewImage> images) {
        for (int i = 0; i < images.size(); i++) {
            NewImage image = images.get(i);
            String imageId = Hashes.sha256(image.png());
            jdbc.update("merge into image (id, name, width, height, channels, png, created_at) key (id) values (?,?,?,?,?,?,?)",
                    imageId, truncate(image.name(), 200), image.width(), image.height(), image.channels(), image.png(), Timestamp.from(Instant.now()));
            jdbc.update("insert into experiment_image (experiment_id, position, image_id, notes) values (?,?,?,?)",
                    id, i, imageId, truncate(image.notes(), 1000));
        }
    }

    /**
     * Recreates a finished experiment from an export, under its own id when that is free here, else a new one; the
     * rows and arrays are written in one transaction.
     */
    public String restore(Experiment experiment, List<NewImage> images, Map<String, Tensor> arrays) {
        String id = exists(experiment.id()) || !experiment.id().matches("[a-z0-9]{12}") ? org.convlens.base.RandomIds.next() : experiment.id();
        transactions.executeWithoutResult(status -> {
            jdbc.update("insert into experiment (id, model_id, model_name, method, params, status, error, summary, source, created_at, finished_at, "
                            + "duration_ms, title, notes, owner, layer) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    id, experiment.modelId(), truncate(experiment.modelName(), 200), experiment.method(), experiment.paramsJson(),
                    experiment.status().name(), experiment.error(), experiment.summaryJson(), experiment.source().name(),
                    Timestamp.from(experiment.createdAt()), experiment.finishedAt() == null ? null : Timestamp.from(experiment.finishedAt()),
                    experiment.durationMs(), truncate(experiment.title(), 200), truncate(experiment.notes(), 10000), experiment.owner(),
                    layerOf(experiment.paramsJson()));
            insertImages(id, images);
            insertArrays(id, arrays);
            for (String tag : normalizedTags(experiment.tags())) jdbc.update("insert into experiment_tag (experiment_id, tag) values (?,?)", id, tag);
        });
        return id;
    }

    private void insertArrays(String id, Map<String, Tensor> arrays) {
        int position = 0;
        for (Map.Entry<String, Tensor> array : arrays.entrySet()) {
            jdbc.update("insert into experiment_array (experiment_id, name, position, shape, data) values (?,?,?,?,?)",
                    id, array.getKey(), position++, shapeText(array.getValue().shape()), toBytes(array.getValue().data()));
        }
    }

    private static String layerOf(String paramsJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode layer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(paramsJson).path("layer");
            return layer.isTextual() ? truncate(layer.asText(), 200) : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    public void complete(String id, Map<String, Tensor> arrays, String summaryJson, long durationMs) {
        complete(id, arrays, summaryJson, durationMs, Experiment.Status.DONE);
    }

    /** Stores the arrays and the final status (DONE, or CANCELLED with what was made so far) in one transaction. */
    public void complete(String id, Map<String, Tensor> arrays, String summaryJson, long durationMs, Experiment.Status finalStatus) {
        transactions.executeWithoutResult(status -> {
            insertArrays(id, arrays);
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
        return search(Filter.ALL, limit, offset);
    }

    /**
     * What the History view filters by; null fields do not filter. {@code text} matches title, notes, model name,
     * method or id; {@code from} and {@code to} bound the start time.
     */
    public record Filter(String text, String modelId, String method, String layer, String tag, Experiment.Status status, Instant from, Instant to) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null, null, null);
    }

    private record Where(String sql, List<Object> arguments) {
    }

    private static Where where(Filter filter) {
        StringBuilder sql = new StringBuilder(" where 1=1");
        List<Object> arguments = new java.util.ArrayList<>();
        if (filter.text() != null && !filter.text().isBlank()) {
            String like = "%" + filter.text().strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" and (lower(coalesce(title, '')) like ? or lower(coalesce(notes, '')) like ? or lower(model_name) like ? or method like ? or id = ?)");
            arguments.addAll(List.of(like, like, like, like, filter.text().strip()));
        }
        if (filter.modelId() != null) {
            sql.append(" and model_id = ?");
            arguments.add(filter.modelId());
        }
        if (filter.method() != null) {
            sql.append(" and method = ?");
            arguments.add(filter.method());
        }
        if (filter.layer() != null) {
            sql.append(" and layer = ?");
            arguments.add(filter.layer());
        }
        if (filter.tag() != null) {
            sql.append(" and exists (select 1 from experiment_tag t where t.experiment_id = experiment.id and t.tag = ?)");
            arguments.add(filter.tag().strip().toLowerCase(java.util.Locale.ROOT));
        }
        if (filter.status() != null) {
            sql.append(" and status = ?");
            arguments.add(filter.status().name());
        }
        if (filter.from() != null) {
            sql.append(" and created_at >= ?");
            arguments.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and created_at < ?");
            arguments.add(Timestamp.from(filter.to()));
        }
        return new Where(sql.toString(), arguments);
    }

    /** One page of matching experiments, newest first, with their tags and inputs. */
    public List<Experiment> search(Filter filter, int limit, int offset) {
        Where where = where(filter);
        List<Object> arguments = new java.util.ArrayList<>(where.arguments());
        arguments.add(limit);
        arguments.add(offset);
        List<Experiment> rows = jdbc.query("select * from experiment" + where.sql() + " order by created_at desc, id limit ? offset ?", ROW, arguments.toArray());
        return withInputs(rows);
    }

    public int count(Filter filter) {
        Where where = where(filter);
        Integer count = jdbc.queryForObject("select count(*) from experiment" + where.sql(), Integer.class, where.arguments().toArray());
        return count == null ? 0 : count;
    }

    /** The values present in the store, for the filter menus: column → distinct values, sorted. */
    public List<String> distinct(String column) {
        if (!List.of("method", "layer", "tag").contains(column)) throw new IllegalArgumentException(column);
        return column.equals("tag") ? jdbc.queryForList("select distinct tag from experiment_tag order by tag", String.class)
                : jdbc.queryForList("select distinct " + column + " from experiment where " + column + " is not null order by " + column, String.class);
    }

    /** Models that have experiments: id → the name they were run under. */
    public Map<String, String> models() {
        Map<String, String> models = new LinkedHashMap<>();
        jdbc.query("select model_id, max(model_name) from experiment group by model_id order by 2", rs -> {
            models.put(rs.getString(1), rs.getString(2));
        });
        return models;
    }

    public void rename(String id, String title) {
        requireUpdated(jdbc.update("update experiment set title = ? where id = ?", title == null || title.isBlank() ? null : truncate(title.strip(), 200), id), id);
    }

    public void annotate(String id, String notes) {
        requireUpdated(jdbc.update("update experiment set notes = ? where id = ?", notes == null || notes.isBlank() ? null : truncate(notes, 10000), id), id);
    }

    /** Replaces the tags: lower case, trimmed, at most 64 characters each, no duplicates. */
    public void tag(String id, java.util.Collection<String> tags) {
        if (!exists(id)) throw new org.convlens.base.NotFoundException("no experiment " + id);
        transactions.executeWithoutResult(status -> {
            jdbc.update("delete from experiment_tag where experiment_id = ?", id);
            for (String tag : normalizedTags(tags)) jdbc.update("insert into experiment_tag (experiment_id, tag) values (?,?)", id, tag);
        });
    }

    private static List<String> normalizedTags(java.util.Collection<String> tags) {
        return tags == null ? List.of() : tags.stream().map(t -> t.strip().toLowerCase(java.util.Locale.ROOT)).filter(t -> !t.isEmpty())
                .map(t -> t.length() > 64 ? t.substring(0, 64) : t).distinct().toList();
    }

    /** Removes an experiment with its arrays, tags, shares and lesson entries. */
    public boolean delete(String id) {
        return jdbc.update("delete from experiment where id = ?", id) == 1;
    }

    private static void requireUpdated(int rows, String id) {
        if (rows != 1) throw new org.convlens.base.NotFoundException("no experiment " + id);
    }

    /** Finished runs of one method on one model, newest first (without their inputs). */
    public List<Experiment> latestDone(String modelId, String method, int limit) {
        return jdbc.query("select * from experiment where model_id = ? and method = ? and status = ? order by created_at desc, id limit ?",
                ROW, modelId, method, Experiment.Status.DONE.name(), limit);
    }

    public int count() {
        return count(Filter.ALL);
    }

    public boolean exists(String id) {
        Integer count = jdbc.queryForObject("select count(*) from experiment where id = ?", Integer.class, id);
        return count != null && count > 0;
    }

    public Optional<Experiment> find(String id) {
        return withInputs(jdbc.query("select * from experiment where id = ?", ROW, id)).stream().findFirst();
    }

    public Map<String, Tensor> arrays(String id) {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        jdbc.query("select name, shape, data from experiment_array where experiment_id = ? order by position", rs -> {
            arrays.put(rs.getString("name"), new Tensor(parseShape(rs.getString("shape")), fromBytes(rs.getBytes("data"))));
        }, id);
        return arrays;
    }

    /** The names of an experiment's arrays in the technique's order (the first is the main one), without their data. */
    public List<String> arrayNames(String id) {
        return jdbc.queryForList("select name from experiment_array where experiment_id = ? order by position", String.class, id);
    }

    /** One array; without a name, the main one. */
    public Optional<Tensor> array(String id, String name) {
        String sql = "select shape, data from experiment_array where experiment_id = ?" + (name == null ? " order by position limit 1" : " and name = ?");
        Object[] arguments = name == null ? new Object[]{id} : new Object[]{id, name};
        return jdbc.query(sql, (rs, n) -> new Tensor(parseShape(rs.getString("shape")), fromBytes(rs.getBytes("data"))), arguments).stream().findFirst();
    }

    public Optional<byte[]> imagePng(String imageId) {
        return jdbc.query("select png from image where id = ?", (rs, n) -> rs.getBytes(1), imageId).stream().findFirst();
    }

    /** Tags and inputs of a page of experiments, in two queries for the whole page. */
    private List<Experiment> withInputs(List<Experiment> rows) {
        if (rows.isEmpty()) return rows;
        String ids = String.join(",", java.util.Collections.nCopies(rows.size(), "?"));
        Object[] idArguments = rows.stream().map(Experiment::id).toArray();
        Map<String, List<String>> tags = new java.util.HashMap<>();
        jdbc.query("select experiment_id, tag from experiment_tag where experiment_id in (" + ids + ") order by tag", rs -> {
            tags.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>()).add(rs.getString(2));
        }, idArguments);
        Map<String, List<Experiment.Input>> inputs = new java.util.HashMap<>();
        jdbc.query("select ei.experiment_id, ei.position, ei.image_id, i.name, ei.notes from experiment_image ei join image i on i.id = ei.image_id "
                + "where ei.experiment_id in (" + ids + ") order by ei.position", rs -> {
            inputs.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                    .add(new Experiment.Input(rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }, idArguments);
        return rows.stream().map(e -> e.with(List.copyOf(tags.getOrDefault(e.id(), List.of())), List.copyOf(inputs.getOrDefault(e.id(), List.of())))).toList();
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
        Long duration = rs.getObject("duration_ms") == null ? null : rs.getLong("duration_ms");
        return new Experiment(rs.getString("id"), rs.getString("model_id"), rs.getString("model_name"), rs.getString("method"),
                rs.getString("params"), Experiment.Status.valueOf(rs.getString("status")), rs.getString("error"), rs.getString("summary"),
                Experiment.Source.valueOf(rs.getString("source")), rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(), duration, rs.getString("title"), rs.getString("notes"),
                rs.getString("owner"), rs.getString("layer"), List.of(), List.of());
    };
}
