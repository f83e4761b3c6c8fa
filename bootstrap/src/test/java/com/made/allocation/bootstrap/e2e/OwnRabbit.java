package com.made.allocation.bootstrap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of the test's own, on a free port of 127.0.0.1, which the test may stop and start again:
 * never the shared broker on 5672. Built with the installed server's scripts, run straight from
 * {@code /usr/lib/rabbitmq/bin}: Debian's wrappers in {@code /usr/sbin} would switch to the {@code rabbitmq}
 * user and the shared node's settings, while the node itself runs fine as root.
 */
final class OwnRabbit implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");

    private final Path home;
    private final String node;
    private final int port;
    private final Map<String, String> environment;
    private Process server;

    private OwnRabbit(Path home, String node, int port, Map<String, String> environment) {
        this.home = home;
        this.node = node;
        this.port = port;
        this.environment = environment;
    }

    /** A new node, with no plugins and only the default guest user, started and ready for connections. */
    static OwnRabbit start() throws IOException {
        Path home = Files.createTempDirectory("own-rabbit");
        int port = FreePort.find();
        int distributionPort = FreePort.find();
        while (distributionPort == port) {
            distributionPort = FreePort.find();
        }
        // Settings of its own, so nothing of /etc/rabbitmq (the shared node's name, port 5672) applies.
        Files.writeString(home.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + port + "\n");
        Files.writeString(home.resolve("rabbitmq-env.conf"), "");
        Files.writeString(home.resolve("enabled_plugins"), "[].\n");
        // Written before the node starts: server and rabbitmqctl would otherwise race to create different ones.
        Path cookie = home.resolve(".erlang.cookie");
        Files.writeString(cookie, HexFormat.of().formatHex(randomBytes(20)));
        Files.setPosixFilePermissions(cookie, Set.of(PosixFilePermission.OWNER_READ));

        String node = "own-" + HexFormat.of().formatHex(randomBytes(4)) + "@localhost";
        Map<String, String> environment = Map.ofEntries(
                Map.entry("HOME", home.toString()),
                Map.entry("RABBITMQ_NODENAME", node),
                Map.entry("RABBITMQ_DIST_PORT", String.valueOf(distributionPort)),
                Map.entry("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq.conf").toString()),
                Map.entry("RABBITMQ_ADVANCED_CONFIG_FILE", home.resolve("advanced.config").toString()),
                Map.entry("RABBITMQ_CONF_ENV_FILE", home.resolve("rabbitmq-env.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", home.resolve("log").toString()),
                Map.entry("RABBITMQ_PID_FILE", home.resolve("pid").toString()),
                Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"),
                // Only if no epmd runs yet and this node starts one.
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"));
        OwnRabbit broker = new OwnRabbit(home, node, port, environment);
        broker.startAgain();
        return broker;
    }

    String amqpUrl() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts the stopped node again: same port, same data, so durable queues and persistent messages are back. */
    void startAgain() {
        try {
            // A stale pid file would make the wait below give up on the old, ended process.
            Files.deleteIfExists(home.resolve("pid"));
            server = process(BIN.resolve("rabbitmq-server").toString())
                    .redirectOutput(Redirect.appendTo(home.resolve("server.log").toFile())).start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        try {
            // Until the broker has booted, not merely until its port is open.
            ctl(Duration.ofSeconds(90), "wait", home.resolve("pid").toString(), "--timeout", "60");
        } catch (RuntimeException failed) {
            kill();
            throw failed;
        }
    }

    /** Stops the node, as an operator would: connections are closed, the port refuses new ones. */
    void stop() {
        ctl(Duration.ofMinutes(1), "shutdown");
        try {
            server.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException alreadyStopped) {
            // nothing to stop
        }
        if (server.isAlive()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the system cleans it eventually
        }
    }

    /** The last resort: the script runs the Erlang VM as its child, which killing the script alone would leave. */
    private void kill() {
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
    }

    /** Runs {@code rabbitmqctl} on this node, as an operator would (add_user, clear_permissions, ...). */
    void ctl(String... arguments) {
        ctl(Duration.ofMinutes(1), arguments);
    }

    private void ctl(Duration limit, String... arguments) {
        List<String> line = new ArrayList<>(List.of(BIN.resolve("rabbitmqctl").toString(), "-n", node));
        line.addAll(List.of(arguments));
        ToolRun.run(process(line.toArray(String[]::new)), home.resolve("commands.log"), limit);
    }

    /** Server and rabbitmqctl share one environment: the same node, files and Erlang cookie (in HOME). */
    private ProcessBuilder process(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("RABBITMQ_") || name.startsWith("ERL_"));
        builder.environment().putAll(environment);
        return builder;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
