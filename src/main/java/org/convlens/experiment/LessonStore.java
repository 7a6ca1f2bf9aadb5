package org.convlens.experiment;

import org.convlens.base.NotFoundException;
import org.convlens.base.RandomIds;
import org.convlens.base.UserInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Lessons for classroom mode: an ordered list of experiments, each with a caption. */
public class LessonStore {

    public record Lesson(String id, String title, String owner, Instant createdAt, List<Item> items) {
    }

    public record Item(int position, String experimentId, String caption) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public LessonStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public Lesson create(String title, String owner) {
        if (title == null || title.isBlank()) throw new UserInputException("a lesson needs a title");
        String id = RandomIds.next();
        jdbc.update("insert into lesson (id, title, owner, created_at) values (?,?,?,?)", id, title.strip(), owner, Timestamp.from(Instant.now()));
        return get(id);
    }

    public List<Lesson> list() {
        return jdbc.query("select * from lesson order by created_at desc", (rs, n) -> new Lesson(rs.getString("id"), rs.getString("title"),
                rs.getString("owner"), rs.getTimestamp("created_at").toInstant(), List.of()));
    }

    public Lesson get(String id) {
        return jdbc.query("select * from lesson where id = ?", (rs, n) -> new Lesson(rs.getString("id"), rs.getString("title"), rs.getString("owner"),
                rs.getTimestamp("created_at").toInstant(), items(id)), id).stream().findFirst().orElseThrow(() -> new NotFoundException("no lesson " + id));
    }

    private List<Item> items(String lessonId) {
        return jdbc.query("select position, experiment_id, caption from lesson_item where lesson_id = ? order by position",
                (rs, n) -> new Item(rs.getInt(1), rs.getString(2), rs.getString(3)), lessonId);
    }

    /** Appends an experiment at the end of a lesson. */
    public void append(String lessonId, String experimentId, String caption) {
        get(lessonId);
        Integer exists = jdbc.queryForObject("select count(*) from experiment where id = ?", Integer.class, experimentId);
        if (exists == null || exists == 0) throw new NotFoundException("no experiment " + experimentId);
        Integer last = jdbc.queryForObject("select max(position) from lesson_item where lesson_id = ?", Integer.class, lessonId);
        jdbc.update("insert into lesson_item (lesson_id, position, experiment_id, caption) values (?,?,?,?)", lessonId, last == null ? 0 : last + 1,
                experimentId, caption);
    }

    public void caption(String lessonId, int position, String caption) {
        jdbc.update("update lesson_item set caption = ? where lesson_id = ? and position = ?", caption, lessonId, position);
    }

    public void remove(String lessonId, int position) {
        jdbc.update("delete from lesson_item where lesson_id = ? and position = ?", lessonId, position);
    }

    /** Swaps an item with its neighbour before ({@code -1}) or after ({@code +1}). */
    public void move(String lessonId, int position, int direction) {
        List<Item> items = get(lessonId).items();
        int index = -1;
        for (int i = 0; i < items.size(); i++) if (items.get(i).position() == position) index = i;
        int other = index + Integer.signum(direction);
        if (index < 0 || other < 0 || other >= items.size()) return;
        int a = items.get(index).position(), b = items.get(other).position();
        transactions.executeWithoutResult(status -> {
            jdbc.update("update lesson_item set position = -1 where lesson_id = ? and position = ?", lessonId, a);
            jdbc.update("update lesson_item set position = ? where lesson_id = ? and position = ?", a, lessonId, b);
            jdbc.update("update lesson_item set position = ? where lesson_id = ? and position = -1", b, lessonId);
        });
    }

    public void delete(String lessonId) {
        jdbc.update("delete from lesson where id = ?", lessonId);
    }
}
