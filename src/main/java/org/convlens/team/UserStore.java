package org.convlens.team;

import org.convlens.base.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Team-mode accounts in H2, passwords as BCrypt hashes; admins add users. */
public class UserStore implements UserDetailsService {

    public static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(UserStore.class);

    public record Account(String username, boolean admin, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;

    public UserStore(DataSource dataSource, PasswordEncoder encoder) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.encoder = encoder;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.query("select username, password_hash, admin from app_user where username = ?", (rs, n) -> User.withUsername(rs.getString(1))
                .password(rs.getString(2)).roles(rs.getBoolean(3) ? new String[]{"USER", "ADMIN"} : new String[]{"USER"}).build(), username)
                .stream().findFirst().orElseThrow(() -> new UsernameNotFoundException(username));
    }

    public List<Account> list() {
        return jdbc.query("select username, admin, created_at from app_user order by username",
                (rs, n) -> new Account(rs.getString(1), rs.getBoolean(2), rs.getTimestamp(3).toInstant()));
    }

    public void add(String username, String password, boolean admin) {
        String name = username == null ? "" : username.strip();
        if (!name.matches("[A-Za-z0-9._@-]{1,100}")) throw new UserInputException("a user name is 1–100 letters, digits or . _ @ -");
        if (password == null || password.length() < 8) throw new UserInputException("a password has at least 8 characters");
        Integer taken = jdbc.queryForObject("select count(*) from app_user where username = ?", Integer.class, name);
        if (taken != null && taken > 0) throw new UserInputException("there is already a user " + name);
        jdbc.update("insert into app_user (username, password_hash, admin, created_at) values (?,?,?,?)", name, encoder.encode(password), admin,
                Timestamp.from(Instant.now()));
    }

    public void setPassword(String username, String password) {
        if (password == null || password.length() < 8) throw new UserInputException("a password has at least 8 characters");
        if (jdbc.update("update app_user set password_hash = ? where username = ?", encoder.encode(password), username) != 1) {
            throw new UserInputException("no user " + username);
        }
    }

    /**
     * On the first start in team mode: the admin account, with the given password or, when none is given, a generated one
     * that is written to the log once.
     */
    public void ensureAdmin(String configuredPassword) {
        Integer users = jdbc.queryForObject("select count(*) from app_user", Integer.class);
        if (users != null && users > 0) return;
        String password = configuredPassword;
        if (password == null || password.isBlank()) {
            SecureRandom random = new SecureRandom();
            StringBuilder generated = new StringBuilder();
            String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            for (int i = 0; i < 20; i++) generated.append(alphabet.charAt(random.nextInt(alphabet.length())));
            password = generated.toString();
            log.warn("Team mode: created user '{}' with the generated password {} (shown only now; set --convlens.admin-password to choose one)", ADMIN, password);
        } else {
            log.info("Team mode: created user '{}' with the password from convlens.admin-password", ADMIN);
        }
        add(ADMIN, password, true);
    }
}
