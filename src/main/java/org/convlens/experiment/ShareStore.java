package org.convlens.experiment;

import org.convlens.base.UserInputException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Read-only links to one experiment. A token is 256 random bits (base64url); it opens the experiment for anyone who
 * has it until it is revoked. A revoked or unknown token finds nothing, and the two cannot be told apart.
 */
public class ShareStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    public record Share(String token, String experimentId, String createdBy, Instant createdAt) {
        public String path() {
            return "/s/" + token;
        }
    }

    private final JdbcTemplate jdbc;

    public ShareStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Share create(String experimentId, String createdBy) {
        Integer exists = jdbc.queryForObject("select count(*) from experiment where id = ?", Integer.class, experimentId);
        if (exists == null || exists == 0) throw new org.convlens.base.NotFoundException("no experiment " + experimentId);
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        Instant now = Instant.now();
        jdbc.update("insert into share_link (token, experiment_id, created_by, created_at) values (?,?,?,?)", token, experimentId, createdBy, Timestamp.from(now));
        return new Share(token, experimentId, createdBy, now);
    }

    /** The experiment a live token opens. */
    public Optional<String> experimentOf(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) return Optional.empty();
        return jdbc.queryForList("select experiment_id from share_link where token = ? and revoked_at is null", String.class, token).stream().findFirst();
    }

    /** Revokes a live link; false when there was none. */
    public boolean revoke(String token) {
        return jdbc.update("update share_link set revoked_at = ? where token = ? and revoked_at is null", Timestamp.from(Instant.now()), token) == 1;
    }

    public List<Share> live(String experimentId) {
        return jdbc.query("select * from share_link where experiment_id = ? and revoked_at is null order by created_at", (rs, n) -> new Share(
                rs.getString("token"), rs.getString("experiment_id"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant()), experimentId);
    }
}
