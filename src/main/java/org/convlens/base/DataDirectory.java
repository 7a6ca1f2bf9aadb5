package org.convlens.base;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one folder that holds all state of an instance: the H2 database, uploaded models and
 * datasets. Several instances run side by side with different data directories.
 */
public record DataDirectory(Path root) {

    public static final String DEFAULT = "./data";
    public static final String MIGRATIONS = "classpath:db/migration";

    public static DataDirectory of(String path) {
        Path root = Path.of(path).toAbsolutePath().normalize();
        try {
            Files.createDirectories(root.resolve("models"));
            Files.createDirectories(root.resolve("datasets"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + root, e);
        }
        return new DataDirectory(root);
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path datasets() {
        return root.resolve("datasets");
    }

    public String jdbcUrl() {
        // H2 only takes explicit file paths; an absolute path always is one.
        return "jdbc:h2:file:" + root.resolve("convlens") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** A migrated database for use outside Spring (the command line). */
    public DataSource openDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser("sa");
        dataSource.setPassword("");
        try {
            Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (String.valueOf(cause.getMessage()).contains("already in use")) {
                    throw new UserInputException("the data directory " + root + " is in use by a running ConvLens: stop it, or save into another --convlens.data-dir", e);
                }
            }
            throw e;
        }
        return dataSource;
    }
}
