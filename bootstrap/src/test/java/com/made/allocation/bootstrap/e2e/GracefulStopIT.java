package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real jar stopped with SIGTERM under load from HTTP clients and from the broker, as a rolling
 * deployment stops an instance: its health turns 503 while it still serves, every request it took is
 * answered and stored (one of them held in the database from before the signal until after the server's
 * stop began), after the drain a new request is answered 503 or not let in (refused at connect, or, racing
 * the listener's closing, closed before any answer) and is not stored (one of them on a connection let in
 * before the signal, its head sent slowly until the stop began, is answered 503 with Retry-After), the
 * commands it did not handle wait in the queue, the events of everything it stored are published, and it
 * exits 0.
 *
 * <p>Each step waits for a fact (an answer, a log line, a lock wait in {@code pg_stat_activity}), not for
 * time. One assumption on time is left: a request sent when {@code /health} turned 503 is served within
 * the drain, {@value #DRAIN_MS} ms.
 */
class GracefulStopIT {

    private static final int CLIENTS = 4;
    private static final int COMMANDS = 1500;
    // Long enough that a request sent when /health turned 503 is served well before the drain ends.
    private static final long DRAIN_MS = 10_000;
    // The held request is released by the test once the server's stop began; the stop waits this long for it.
    private static final long GRACE_MS = 60_000;

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private final TestBroker broker = TestBroker.shared();
    // The clients, the commands, the held request, the slow one's trickle and the health checks.
    private final ExecutorService load = Executors.newFixedThreadPool(CLIENTS + 4);
    private ServiceProcess service;
    private Connection lock;
    private OpenConnection slow;

    @AfterEach
    void stop() throws SQLException, IOException {
        load.shutdownNow();
        if (lock != null) {
            lock.close();
        }
        if (slow != null) {
            slow.close();
        }
        if (service != null) {
            service.close();
        }
        broker.close();
        sql.close();
    }

    /** What one HTTP request came to: an answer's status, or how the client failed. */
    private record Outcome(String orderid, int status, boolean connectionClosed, boolean retryAfter, Throwable failure,
                           long atNanos) {

        /**
         * Not let in by a stopping server: the connection was refused, or, when it raced the listener's
         * closing, closed with not a byte of an answer. A timeout is not that: it is a request left hanging.
         */
        boolean notLetIn() {
            return failure instanceof UncheckedIOException io && !(io.getCause() instanceof HttpTimeoutException);
        }

        /** Answered 503 (refused, unhandled) or not let in: what a request gets once the server's stop began. */
        boolean turnedAway() {
            return status == 503 || notLetIn();
        }
    }

    @Test
    void sigtermUnderLoadAnswersEveryRequestItTookStoresItAndExitsZero() throws Exception {
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.put("SHUTDOWN_DRAIN_MS", String.valueOf(DRAIN_MS));
        env.put("SHUTDOWN_GRACE_MS", String.valueOf(GRACE_MS));
        // Every command alone. The held request holds back the commands queued in its lane: the broker's
        // SKU-CMD and the probes' SKU-PROBE are in other lanes than SKU-HELD with 2, 4 or 8 lanes (a lane per
        // core), so that the consumer can stop and the probes be answered while it is held.
        env.put("BUS_GROUP_MAX", "1");
        // Only a guard against a hang: on a busy machine the start alone has taken more than half a minute.
        service = ServiceProcess.start(database, env, "graceful-stop.log", Duration.ofMinutes(3));
        Path log = ServiceProcess.log("graceful-stop.log");
        Http http = service.http();
        for (String sku : List.of("SKU-0", "SKU-1", "SKU-2", "SKU-3", "SKU-CMD", "SKU-HELD", "SKU-PROBE")) {
            assertThat(http.addBatch("stock-" + sku, sku, 1_000_000, null).statusCode()).isEqualTo(201);
        }

        // Load on both ways in.
        List<Future<List<Outcome>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(load.submit(() -> allocateUntilNotLetIn(http, client)));
        }
        Future<?> commands = load.submit(() -> {
            IntStream.range(0, COMMANDS).forEach(i -> broker.send("cmd-" + i,
                    "{\"type\":\"allocate\",\"orderid\":\"amqp-" + i + "\",\"sku\":\"SKU-CMD\",\"qty\":1}"));
            // Once the consumer has stopped (its log line comes once its channels are closed), a command waits.
            ServiceProcess.waitFor(Duration.ofSeconds(60), () -> logSays(log, "commands are no longer taken"),
                    "the consumer stopped");
            broker.send("cmd-late", "{\"type\":\"allocate\",\"orderid\":\"amqp-late\",\"sku\":\"SKU-CMD\",\"qty\":1}");
            return null;
        });
        ServiceProcess.waitFor(Duration.ofSeconds(60), () -> count("SELECT COUNT(*) FROM allocations") >= 200
                && count("SELECT COUNT(*) FROM allocations WHERE orderid LIKE 'amqp-%'") > 0, "load on both ways in");

        // A request in flight when the signal comes, and still when the server's stop begins: it waits for a
        // lock the test holds on its product's row, until the test lets it go.
        lock = DriverManager.getConnection(database.url(), database.user(), database.password());
        lock.setAutoCommit(false);
        lock.createStatement().executeQuery("SELECT sku FROM products WHERE sku = 'SKU-HELD' FOR UPDATE").close();
        long lockHolder = single(lock, "SELECT pg_backend_pid()");
        Future<Outcome> held = load.submit(() -> allocate(http, "held", "SKU-HELD"));
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> waitingFor(lockHolder) == 1, "the held request at the lock");

        // A request on a connection let in before the signal, whose head is still coming when the stop begins
        // and ends after: it arrives after the stop began.
        slow = new OpenConnection(service.port());
        slow.write(slow.begin("POST", "/allocate") + "Content-Type: application/json\r\n");
        AtomicBoolean headDone = new AtomicBoolean();
        Future<?> trickle = load.submit(() -> trickle(slow, headDone));

        long signalled = System.nanoTime();
        service.terminate();
        Future<List<Outcome>> healthChecks = load.submit(() -> healthUntilNotLetIn(http));

        // The drain: /health answers 503, and a request that comes now is still served, on a connection that
        // closes after it.
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> http.get("/health").statusCode() == 503, "health 503");
        Outcome served = allocate(http, "served-while-draining", "SKU-PROBE");
        assertThat(served.status()).as("a request sent once health said 503 (drain " + DRAIN_MS + " ms)").isEqualTo(201);
        assertThat(served.connectionClosed()).as("Connection: close while draining").isTrue();

        // The drain is over once a new request is turned away; the held one is still in flight then.
        List<Outcome> probes = probeUntilTurnedAway(http);
        // The slow request ends now: it is refused 503, unhandled (or, had the server closed its connection, not
        // let in at all).
        headDone.set(true);
        trickle.get(10, TimeUnit.SECONDS);
        String body = "{\"orderid\":\"arrived-after-the-stop-began\",\"sku\":\"SKU-PROBE\",\"qty\":1}";
        Outcome late = last(slow, "Content-Length: " + body.length() + "\r\n\r\n" + body, "arrived-after-the-stop-began");
        // Which of the two, in the test's output: only a 503 shows the refusal itself.
        System.out.println("GracefulStopIT: a request that arrived after the stop began: " + (late.failure() == null
                ? late.status() : late.failure().getCause()));
        assertThat(late.turnedAway()).as("arrived after the stop began: " + late.status() + " " + late.failure())
                .isTrue();
        assertThat(late.status() != 503 || late.retryAfter()).as("503 with Retry-After").isTrue();

        assertThat(waitingFor(lockHolder)).as("the held request in flight when the server's stop began").isEqualTo(1);
        lock.rollback();
        Outcome heldOutcome = held.get(60, TimeUnit.SECONDS);
        assertThat(heldOutcome.status()).as("the held request: " + heldOutcome.failure()).isEqualTo(201);

        assertThat(service.process().waitFor(DRAIN_MS + GRACE_MS + 30_000, TimeUnit.MILLISECONDS))
                .as("stopped").isTrue();
        // Exit 0 also says the stop kept within its bound: past it, the watchdog halts the process with 1.
        assertThat(service.process().exitValue()).as("exit code").isZero();

        // Health: 200 until the stop began, then never again: 503, then not let in.
        List<Outcome> health = healthChecks.get(30, TimeUnit.SECONDS);
        int turned = 0;
        while (turned < health.size() && health.get(turned).status() == 200) {
            turned++;
        }
        assertThat(health.subList(turned, health.size())).as("health after it turned")
                .allMatch(Outcome::turnedAway);

        // HTTP: every request answered 201 and stored, or, once the drain was over, turned away and not stored.
        List<Outcome> outcomes = new ArrayList<>(probes);
        outcomes.add(late);
        outcomes.add(served);
        outcomes.add(heldOutcome);
        for (Future<List<Outcome>> client : clients) {
            outcomes.addAll(client.get(30, TimeUnit.SECONDS));
        }
        List<String> stored = sql.fetch("SELECT orderid FROM allocations").getValues(0, String.class);
        assertThat(outcomes).allSatisfy(outcome -> {
            if (outcome.status() == 201) {
                assertThat(stored).as(outcome.orderid() + " answered 201").contains(outcome.orderid());
            } else {
                assertThat(outcome.turnedAway()).as(outcome.orderid() + ": " + outcome.status() + " " + outcome.failure())
                        .isTrue();
                // The drain starts after the signal was sent and lasts DRAIN_MS: nothing is turned away before.
                assertThat(outcome.atNanos() - signalled).as(outcome.orderid() + " turned away during the drain")
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(DRAIN_MS));
                assertThat(stored).as(outcome.orderid() + " turned away but stored").doesNotContain(outcome.orderid());
            }
        });
        assertThat(stored).doesNotHaveDuplicates();

        commands.get(60, TimeUnit.SECONDS);
        // Broker: every command handled once or waiting in the queue for another instance, the late one
        // among those waiting; none dead. Read once the broker let go of the service's channels, which gives
        // back what the service took and did not acknowledge.
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> broker.commandConsumers() == 0, "the service's consumers gone");
        Set<String> handled = stored.stream().filter(orderid -> orderid.startsWith("amqp-"))
                .map(orderid -> "cmd-" + orderid.substring("amqp-".length())).collect(Collectors.toSet());
        List<String> waiting = broker.takeCommands();
        assertThat(handled).as("commands handled").isNotEmpty().doesNotContain("cmd-late");
        assertThat(waiting).as("commands waiting").contains("cmd-late").doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(handled);
        Set<String> sent = IntStream.range(0, COMMANDS).mapToObj(i -> "cmd-" + i).collect(Collectors.toCollection(HashSet::new));
        sent.add("cmd-late");
        Set<String> accountedFor = new HashSet<>(handled);
        accountedFor.addAll(waiting);
        assertThat(accountedFor).isEqualTo(sent);
        assertThat(broker.nextDeadLetter(Duration.ZERO)).isEmpty();

        // Relay: the events of everything stored were published before the process exited.
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(1));
        PublishedEvents.assertConsistent(events, sql);
        assertThat(events).hasSameSizeAs(stored);

        assertThat(Files.readString(log)).contains("Allocation service stopped")
                .doesNotContain("ERROR", "not acknowledged");
        Invariants.assertHold(sql);
    }

    private static Outcome allocate(Http http, String orderid, String sku) {
        try {
            HttpResponse<String> response = http.allocate(orderid, sku, 1);
            boolean closed = response.headers().firstValue("Connection").filter("close"::equalsIgnoreCase).isPresent();
            return new Outcome(orderid, response.statusCode(), closed, response.headers().firstValue("Retry-After")
                    .isPresent(), null, System.nanoTime());
        } catch (RuntimeException failed) {
            return new Outcome(orderid, 0, false, false, failed, System.nanoTime());
        }
    }

    /** Writes the rest of a request and reads its answer. */
    private static Outcome last(OpenConnection connection, String rest, String orderid) {
        try {
            connection.write(rest);
            OpenConnection.Answer answer = connection.next();
            return new Outcome(orderid, answer.status(), "close".equalsIgnoreCase(answer.headers().get("connection")),
                    answer.headers().containsKey("retry-after"), null, System.nanoTime());
        } catch (IOException closed) {
            return new Outcome(orderid, 0, false, false, new UncheckedIOException(closed), System.nanoTime());
        }
    }

    private static List<Outcome> allocateUntilNotLetIn(Http http, int client) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; ; i++) {
            Outcome outcome = allocate(http, "http-" + client + "-" + i, "SKU-" + client);
            outcomes.add(outcome);
            if (outcome.failure() != null) {
                return outcomes;
            }
        }
    }

    /** Keeps the slow request's head coming, a header every 100 ms, so that the server never finds it idle. */
    private static Void trickle(OpenConnection slow, AtomicBoolean done) throws InterruptedException {
        try {
            while (!done.get()) {
                slow.write("X-Still-Coming: yes\r\n");
                Thread.sleep(100); // paces the header lines only
            }
        } catch (IOException closed) {
            // the server closed the connection: the rest of the request will find it closed
        }
        return null;
    }

    /** New requests, one after another, until one is turned away: the server's stop has begun. */
    private static List<Outcome> probeUntilTurnedAway(Http http) throws InterruptedException {
        List<Outcome> probes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS + 30_000);
        for (int i = 0; probes.isEmpty() || !probes.get(probes.size() - 1).turnedAway(); i++) {
            assertThat(System.nanoTime()).as("a request turned away after the drain").isLessThan(deadline);
            probes.add(allocate(http, "probe-" + i, "SKU-PROBE"));
            Thread.sleep(20); // paces the probes only
        }
        return probes;
    }

    private static List<Outcome> healthUntilNotLetIn(Http http) throws InterruptedException {
        List<Outcome> checks = new ArrayList<>();
        while (true) {
            Outcome check;
            try {
                check = new Outcome("health", http.get("/health").statusCode(), false, false, null, System.nanoTime());
            } catch (RuntimeException failed) {
                check = new Outcome("health", 0, false, false, failed, System.nanoTime());
            }
            checks.add(check);
            if (check.failure() != null) {
                return checks;
            }
            Thread.sleep(50); // paces the checks only
        }
    }

    /** How many sessions wait for a lock that the session {@code pid} holds. */
    private long waitingFor(long pid) {
        return ((Number) sql.fetchValue("SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))",
                (int) pid)).longValue();
    }

    private static long single(Connection connection, String query) throws SQLException {
        try (ResultSet rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static boolean logSays(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException notYet) {
            return false;
        }
    }

    private long count(String query) {
        return ((Number) sql.fetchValue(query)).longValue();
    }
}
