package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real jar stopped with SIGTERM under load from HTTP clients and from the broker, as a rolling
 * deployment stops an instance: its health turns 503 at once while it still serves, every request it took is
 * answered and stored, after the drain connections are refused (or, racing the listener's closing, closed
 * before any answer, or answered 503 on a connection let in just before: such a request was never taken,
 * and is not stored), the commands it did not handle wait
 * in the queue, the events of everything it stored are published, and it exits 0.
 */
class GracefulStopIT {

    private static final int CLIENTS = 4;
    private static final int COMMANDS = 1500;
    private static final long DRAIN_MS = 1500;

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private final TestBroker broker = TestBroker.shared();
    private final ExecutorService load = Executors.newFixedThreadPool(CLIENTS + 2);
    private ServiceProcess service;

    @AfterEach
    void stop() {
        load.shutdownNow();
        if (service != null) {
            service.close();
        }
        broker.close();
        sql.close();
    }

    /** What one HTTP request came to: an answer's status, or how the client failed. */
    private record Outcome(String orderid, int status, Throwable failure, long atMillis) {

        /**
         * Not let in by a stopped server: the connection was refused, or, when it raced the listener's closing,
         * closed with not a byte of an answer. A timeout is not that: it is a request left hanging.
         */
        boolean notLetIn() {
            return failure instanceof UncheckedIOException io && !(io.getCause() instanceof HttpTimeoutException);
        }

        boolean refused() {
            return failure instanceof UncheckedIOException io && io.getCause() instanceof ConnectException;
        }
    }

    @Test
    void sigtermUnderLoadAnswersEveryRequestItTookStoresItAndExitsZero() throws Exception {
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.put("SHUTDOWN_DRAIN_MS", String.valueOf(DRAIN_MS));
        service = ServiceProcess.start(database, env, "graceful-stop.log");
        Http http = service.http();
        for (int c = 0; c < CLIENTS; c++) {
            assertThat(http.addBatch("stock-" + c, "SKU-" + c, 1_000_000, null).statusCode()).isEqualTo(201);
        }
        assertThat(http.addBatch("stock-amqp", "SKU-AMQP", 1_000_000, null).statusCode()).isEqualTo(201);

        List<Outcome> outcomes = new ArrayList<>();
        List<Future<List<Outcome>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(load.submit(() -> allocateUntilRefused(http, client)));
        }
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Future<?> commands = load.submit(() -> {
            for (int i = 0; i < COMMANDS && !Thread.currentThread().isInterrupted(); i++) {
                broker.send("cmd-" + i, "{\"type\":\"allocate\",\"orderid\":\"amqp-" + i + "\",\"sku\":\"SKU-AMQP\",\"qty\":1}");
                sent.add("amqp-" + i);
            }
        });
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> count("SELECT COUNT(*) FROM allocations") >= 200,
                "load on both ways in");

        long signalled = System.currentTimeMillis();
        service.terminate();
        Future<List<Outcome>> healthChecks = load.submit(() -> healthUntilRefused(http));

        assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        long stopped = System.currentTimeMillis();
        assertThat(service.process().exitValue()).as("exit code").isZero();
        for (Future<List<Outcome>> client : clients) {
            outcomes.addAll(client.get(30, TimeUnit.SECONDS));
        }
        commands.get(60, TimeUnit.SECONDS);

        // Health: 503 at once, while requests were still being answered; then refused.
        List<Outcome> health = healthChecks.get(30, TimeUnit.SECONDS);
        int turned = 0;
        while (turned < health.size() && health.get(turned).status() == 200) {
            turned++; // the signal is handled a moment after it was sent
        }
        Outcome firstCheck = health.get(turned);
        assertThat(firstCheck.status()).as("health after SIGTERM: " + health.stream().map(Outcome::status).toList()).isEqualTo(503);
        assertThat(firstCheck.atMillis() - signalled).as("ms from SIGTERM to 503").isLessThan(1000);
        assertThat(health.subList(turned, health.size())).allMatch(check -> check.status() == 503 || check.notLetIn());
        assertThat(outcomes).as("allocations answered while health said 503")
                .anyMatch(outcome -> outcome.status() == 201 && outcome.atMillis() > firstCheck.atMillis());

        // HTTP: every request answered 201 and stored; or, once the drain was over, not let in, or (on a
        // connection let in just before the stop began) answered 503, and not stored. None answered otherwise,
        // none cut after the service took it.
        List<String> stored = sql.fetch("SELECT orderid FROM allocations").getValues(0, String.class);
        assertThat(outcomes).allSatisfy(outcome -> {
            if (outcome.failure() != null || outcome.status() == 503) {
                assertThat(outcome.failure() == null || outcome.notLetIn())
                        .as(outcome.orderid() + " failed: " + outcome.failure()).isTrue();
                assertThat(outcome.atMillis()).as(outcome.orderid() + " refused before the drain was over")
                        .isGreaterThanOrEqualTo(signalled + DRAIN_MS);
                assertThat(stored).as(outcome.orderid() + " refused but was stored").doesNotContain(outcome.orderid());
            } else {
                assertThat(outcome.status()).as(outcome.orderid()).isEqualTo(201);
                assertThat(stored).contains(outcome.orderid());
            }
        });
        assertThat(outcomes).as("connections refused after the stop").anyMatch(Outcome::refused);
        assertThat(stored).doesNotHaveDuplicates();

        // Broker: every command was handled once or waits in the queue for another instance; none dead.
        long handled = stored.stream().filter(orderid -> orderid.startsWith("amqp-")).count();
        long waiting = broker.commandsWaiting();
        assertThat(handled).as("commands handled before the stop").isPositive();
        assertThat(waiting).as("commands left in the queue").isPositive();
        assertThat(handled + waiting).isEqualTo(sent.size());
        assertThat(broker.nextDeadLetter(Duration.ZERO)).isEmpty();

        // Relay: the events of everything stored were published before the process exited.
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(1));
        PublishedEvents.assertConsistent(events, sql);
        assertThat(events).hasSameSizeAs(stored);

        assertThat(stopped - signalled).as("stop time").isLessThan(DRAIN_MS + 10_000 + 5_000);
        assertThat(Files.readString(Path.of("target", "graceful-stop.log"))).contains("Allocation service stopped")
                .doesNotContain("ERROR", "not acknowledged");
        Invariants.assertHold(sql);
    }

    private static List<Outcome> allocateUntilRefused(Http http, int client) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; ; i++) {
            String orderid = "http-" + client + "-" + i;
            Outcome outcome;
            try {
                HttpResponse<String> response = http.allocate(orderid, "SKU-" + client, 1);
                outcome = new Outcome(orderid, response.statusCode(), null, System.currentTimeMillis());
            } catch (RuntimeException failed) {
                outcome = new Outcome(orderid, 0, failed, System.currentTimeMillis());
            }
            outcomes.add(outcome);
            if (outcome.failure() != null) {
                return outcomes;
            }
        }
    }

    private static List<Outcome> healthUntilRefused(Http http) throws InterruptedException {
        List<Outcome> checks = new ArrayList<>();
        while (true) {
            Outcome check;
            try {
                check = new Outcome("health", http.get("/health").statusCode(), null, System.currentTimeMillis());
            } catch (RuntimeException failed) {
                check = new Outcome("health", 0, failed, System.currentTimeMillis());
            }
            checks.add(check);
            if (check.failure() != null) {
                return checks;
            }
            Thread.sleep(50);
        }
    }

    private long count(String query) {
        return ((Number) sql.fetchValue(query)).longValue();
    }
}
