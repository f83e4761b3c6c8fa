package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fresh, empty databases for tests, so that runs never see each other. PostgreSQL is found through the
 * system properties {@code test.pg.url} (a JDBC URL of a database to connect to for CREATE DATABASE) and
 * {@code test.pg.user} and {@code test.pg.password}; the databases it creates are dropped when the JVM exits. When PostgreSQL is not
 * reachable, the test fails: it is never skipped.
 */
public final class TestDatabases {

    private static final String ADMIN_URL = System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getProperty("test.pg.user", "postgres");
    private static final String PASSWORD = System.getProperty("test.pg.password", "");
    private static final List<String> created = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
    }

    private TestDatabases() {
    }

    /** A new, empty PostgreSQL database (not migrated). */
    public static DatabaseSettings freshPostgres() {
        String name = "alloc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name);
        created.add(name);
        return new DatabaseSettings(ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name, USER, PASSWORD, 20);
    }

    /** A new, empty in-memory H2 database in PostgreSQL mode, as the embedded default runs it. */
    public static DatabaseSettings freshH2() {
        String name = "alloc_test_" + UUID.randomUUID().toString().replace("-", "");
        return new DatabaseSettings("jdbc:h2:mem:" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 20);
    }

    /** A migrated database on PostgreSQL, with its pool open. */
    public static Database migratedPostgres() {
        return migrated(freshPostgres());
    }

    /** A migrated in-memory H2 database, with its pool open. */
    public static Database migratedH2() {
        return migrated(freshH2());
    }

    private static Database migrated(DatabaseSettings settings) {
        Database database = Database.connect(settings);
        database.migrate();
        return database;
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException error) {
            throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + " is needed for this test: " + error.getMessage(), error);
        }
    }

    private static void dropAll() {
        for (String name : created) {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // the server may be gone already; nothing more to do at exit
            }
        }
    }
}
