package com.made.allocation.bootstrap.e2e;

import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, on a free port of 127.0.0.1, which the test may stop and start
 * again: never the shared server on 5432. Built with the installed server's {@code initdb} and
 * {@code pg_ctl}; run as the {@code postgres} user when the tests run as root, which PostgreSQL refuses.
 */
final class OwnPostgres implements AutoCloseable {

    private static final String DATABASE = "allocation";

    private final Path home;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private OwnPostgres(Path home, int port, boolean asPostgresUser) {
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** A new cluster, started, with an empty database for the service. */
    static OwnPostgres create() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path home = Files.createTempDirectory("own-postgres");
        if (root) {
            UserPrincipal postgres = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(home, postgres);
        }
        OwnPostgres cluster = new OwnPostgres(home, FreePort.find(), root);
        cluster.run(Duration.ofMinutes(2), bin("initdb"), "-D", cluster.data.toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--no-sync");
        cluster.start();
        try (Connection admin = DriverManager.getConnection(cluster.url("postgres"), "postgres", "");
             var statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException failed) {
            throw new IllegalStateException("could not create the test database", failed);
        }
        return cluster;
    }

    /** The service's database on this cluster, with a short wait for connections. */
    DatabaseSettings settings(Duration poolTimeout) {
        return new DatabaseSettings(url(DATABASE), "postgres", "", 10, poolTimeout);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void start() {
        run(Duration.ofMinutes(1), bin("pg_ctl"), "-D", data.toString(), "-l", home.resolve("server.log").toString(),
                "-w", "-o", "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server at once: sessions are ended, transactions in flight rolled back. */
    void stop() {
        run(Duration.ofMinutes(1), bin("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    /** Ends every session of the service's database, as an operator's {@code pg_terminate_backend} would. */
    int terminateSessions() throws SQLException {
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "");
             var statement = admin.createStatement();
             var rows = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = '" + DATABASE + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException alreadyStopped) {
            // nothing to stop
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the system cleans it eventually
        }
    }

    private static String bin(String tool) {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.max(Comparator.comparing(path -> Integer.parseInt(path.getFileName().toString())))
                    .map(version -> version.resolve("bin").resolve(tool).toString())
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server installed"));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private void run(Duration limit, String... command) {
        List<String> line = new ArrayList<>();
        if (asPostgresUser) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        ToolRun.run(new ProcessBuilder(line), home.resolve("commands.log"), limit);
    }
}
