package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import com.made.allocation.service.testing.Facts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under load: its sessions are terminated, then the server is stopped for a while
 * and started again (a cluster of the test's own). Every answer is 201 or 503 (with Retry-After), every 201
 * is there afterwards, no line is allocated twice, and 201s come back without a restart of the service.
 */
class DatabaseOutageIT {

    private static final int CLIENTS = 8;
    /** A bound for a hang, not the order of events: each step waits for what it needs to have happened. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private OwnPostgres postgres;
    private AllocationService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aLostDatabaseIsA503AndNothingAcknowledgedIsLost() throws Exception {
        postgres = OwnPostgres.create();
        DatabaseSettings database = postgres.settings(Duration.ofMillis(500));
        service = AllocationService.start(Settings.with(database, Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0")));
        Http http = new Http(service.port());
        assertThat(http.addBatch("warehouse", "LAMP", 1_000_000, null).statusCode()).isEqualTo(201);

        Map<String, Integer> answers = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> badAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    String orderid = "order-" + client + "-" + i;
                    HttpResponse<String> response = http.allocate(orderid, "LAMP", 1);
                    answers.put(orderid, response.statusCode());
                    statuses.computeIfAbsent(response.statusCode(), status -> new AtomicInteger()).incrementAndGet();
                    boolean retryable = response.statusCode() == 503
                            && response.headers().firstValue("Retry-After").isPresent()
                            && response.body().startsWith("{\"message\":");
                    if (response.statusCode() != 201 && !retryable) {
                        badAnswers.add(response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }

        Facts.await(LIMIT, "allocations under load", () -> count(statuses, 201) >= 100);
        assertThat(postgres.terminateSessions()).isPositive();
        int okAtTermination = count(statuses, 201);
        Facts.await(LIMIT, "allocations again on new sessions", () -> count(statuses, 201) >= okAtTermination + 50);
        postgres.stop();
        Facts.await(LIMIT, "the clients to meet the outage", () -> count(statuses, 503) > 0);
        Facts.await(LIMIT, "health to say the database is away", () -> http.get("/health").statusCode() == 503);
        int okBeforeRestart = count(statuses, 201);
        postgres.start();
        Facts.await(LIMIT, "201s after the restart", () -> count(statuses, 201) >= okBeforeRestart + 50);
        loading.set(false);
        for (Future<?> client : done) {
            client.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(badAnswers).as("answers other than 201 or 503 with Retry-After").isEmpty();
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        var sql = DSL.using(database.url(), database.user(), database.password());
        try {
            Invariants.assertHold(sql);
            Map<String, String> stored = sql.fetch("SELECT orderid, batch_ref FROM allocations")
                    .intoMap(row -> row.get(0, String.class), row -> row.get(1, String.class));
            answers.forEach((orderid, status) -> {
                if (status == 201) {
                    assertThat(stored.get(orderid)).as("acknowledged " + orderid).isEqualTo("warehouse");
                }
            });
        } finally {
            sql.close();
        }
    }

    private static int count(Map<Integer, AtomicInteger> statuses, int status) {
        return statuses.getOrDefault(status, new AtomicInteger()).get();
    }
}
