package com.made.allocation.bootstrap.e2e;

import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.service.testing.Facts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** The service's runnable jar in a process of its own, as it runs in production; its log goes to target. */
final class ServiceProcess implements AutoCloseable {

    /**
     * How long a start may take until the service answers, unless the test says otherwise: a bound for a
     * hung start, not a speed check (a start takes 2-5 s, and far longer on a 2-core machine at load 20).
     */
    static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar on a free port with this database and {@code env}, and waits until it answers. */
    static ServiceProcess start(DatabaseSettings database, Map<String, String> env, String logName) throws IOException {
        return start(database, FreePort.find(), env, logName);
    }

    /** Starts the jar on {@code port}. */
    static ServiceProcess start(DatabaseSettings database, int port, Map<String, String> env, String logName)
            throws IOException {
        return start(database, port, env, logName, START_LIMIT);
    }

    /**
     * Starts the jar on a free port, waiting up to {@code startLimit} until it answers: on a busy machine a
     * start can take longer than {@link #START_LIMIT}.
     */
    static ServiceProcess start(DatabaseSettings database, Map<String, String> env, String logName, Duration startLimit)
            throws IOException {
        return start(database, FreePort.find(), env, logName, startLimit);
    }

    private static ServiceProcess start(DatabaseSettings database, int port, Map<String, String> env, String logName,
                                        Duration startLimit) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of(
                "DATABASE_URL", database.url(), "DATABASE_USER", database.user(),
                "DATABASE_PASSWORD", database.password()));
        all.putAll(env);
        return launch(Path.of("").toAbsolutePath(), port, all, logName, startLimit);
    }

    /**
     * Starts the jar on its embedded default database, as the README's run command does: no database settings,
     * so the data lives under {@code data} of {@code workingDirectory}. Started again in the same directory,
     * it finds what the last run stored.
     */
    static ServiceProcess startEmbedded(Path workingDirectory, int port, Map<String, String> env, String logName)
            throws IOException {
        return launch(workingDirectory, port, env, logName, START_LIMIT);
    }

    private static ServiceProcess launch(Path workingDirectory, int port, Map<String, String> env, String logName,
                                         Duration startLimit) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar().toAbsolutePath().toString()).directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DATABASE_") || name.startsWith("AMQP_"));
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", String.valueOf(port));
        builder.redirectErrorStream(true).redirectOutput(log(logName).toFile());
        ServiceProcess service = new ServiceProcess(builder.start(), port);
        Http http = service.http();
        waitFor(startLimit, () -> {
            if (!service.process.isAlive()) { // no use waiting: it will never answer
                throw new AssertionError("the service exited with " + service.process.exitValue()
                        + " before it answered; see " + log(logName));
            }
            try {
                return http.get("/health").statusCode() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        }, "the service to answer on port " + port);
        return service;
    }

    /** Where the process started as {@code logName} writes its log. */
    static Path log(String logName) {
        return Path.of("target", logName).toAbsolutePath();
    }

    private static Path jar() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            return jars.filter(path -> path.getFileName().toString().endsWith("-all.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("run 'mvn package' first: no runnable jar in target"));
        }
    }

    static void waitFor(Duration limit, BooleanSupplier condition, String what) {
        Facts.await(limit, what, condition);
    }

    Http http() {
        return new Http(port);
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
