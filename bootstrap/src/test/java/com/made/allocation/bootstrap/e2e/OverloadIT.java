package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many more clients than a small admission limit, all on one product: the excess is answered 503 with
 * Retry-After and the JSON body, /health answers 200 throughout, every 201 is stored exactly once and nothing
 * answered 503 is stored; the limit, pushed down by the flood's latency, comes back up to where it started
 * under a load the service serves easily.
 */
class OverloadIT {

    private static final int LIMIT = 16;
    private static final int FLOODERS = 64;
    private static final int EACH = 40;
    private static final Pattern LIMIT_LINE = Pattern.compile("(?m)^allocation_admission_limit (\\S+)$");

    private AllocationService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theExcessIsRefusedAtOnceAndWhatWasAcceptedIsStoredOnce() throws Exception {
        DatabaseSettings database = TestDatabases.freshPostgres();
        service = AllocationService.start(Settings.with(database, Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0",
                "ADMISSION", "adaptive", "ADMISSION_INITIAL_LIMIT", String.valueOf(LIMIT), "ADMISSION_MIN_LIMIT", "2",
                "ADMISSION_MAX_LIMIT", String.valueOf(LIMIT))));
        Http http = new Http(service.port());
        assertThat(http.addBatch("hot-stock", "HOT", 1_000_000, null).statusCode()).isEqualTo(201);
        for (int i = 0; i < 8; i++) {
            assertThat(http.addBatch("calm-stock-" + i, "CALM-" + i, 1_000_000, null).statusCode()).isEqualTo(201);
        }
        // One at a time first: the latency the limit will compare the flood's with.
        for (int i = 0; i < 200; i++) {
            assertThat(http.allocate("warm-" + i, "HOT", 1).statusCode()).isEqualTo(201);
        }
        assertThat(limit(http)).isEqualTo(LIMIT);

        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<String> badAnswers = new CopyOnWriteArrayList<>();
        List<Integer> healthDuringFlood = new CopyOnWriteArrayList<>();
        AtomicInteger lowestLimit = new AtomicInteger(LIMIT);
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(FLOODERS + 1);
        Future<?> watcher = pool.submit(() -> {
            while (flooding.get()) {
                healthDuringFlood.add(http.get("/health").statusCode());
                lowestLimit.accumulateAndGet(limit(http), Math::min);
                Thread.sleep(5); // only paces the watching: it orders nothing
            }
            return null;
        });
        List<Future<?>> flood = new ArrayList<>();
        for (int c = 0; c < FLOODERS; c++) {
            int client = c;
            flood.add(pool.submit(() -> {
                for (int i = 0; i < EACH; i++) {
                    String orderid = "flood-" + client + "-" + i;
                    HttpResponse<String> answer = http.allocate(orderid, "HOT", 1);
                    answers.put(orderid, answer.statusCode());
                    if (answer.statusCode() == 503) {
                        if (answer.headers().firstValue("Retry-After").isEmpty()
                                || !answer.body().matches("\\{\"message\":\"[^\"]+\"}")) {
                            badAnswers.add("503 without Retry-After or JSON: " + answer.headers().map() + " " + answer.body());
                        }
                    } else if (answer.statusCode() != 201) {
                        badAnswers.add(answer.statusCode() + " " + answer.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : flood) {
            client.get(120, TimeUnit.SECONDS);
        }
        flooding.set(false);
        watcher.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(badAnswers).as("answers other than 201, or a 503 without Retry-After and JSON").isEmpty();
        assertThat(answers).hasSize(FLOODERS * EACH);
        assertThat(answers.values()).as("some of the flood was refused").contains(503).contains(201);
        assertThat(healthDuringFlood).as("health during the flood").isNotEmpty().containsOnly(200);
        assertThat(lowestLimit.get()).as("the flood pushed the limit down").isLessThan(LIMIT);

        var sql = DSL.using(database.url(), database.user(), database.password());
        try {
            Invariants.assertHold(sql);
            Map<String, Integer> stored = sql.fetch("SELECT orderid, COUNT(*) FROM allocations GROUP BY orderid")
                    .intoMap(row -> row.get(0, String.class), row -> row.get(1, Integer.class));
            answers.forEach((orderid, status) -> {
                if (status == 201) {
                    assertThat(stored.get(orderid)).as("acknowledged " + orderid).isEqualTo(1);
                } else {
                    assertThat(stored).as("refused " + orderid).doesNotContainKey(orderid);
                }
            });
        } finally {
            sql.close();
        }

        // Calm load after the flood: eight clients on products of their own, enough in flight for the limit to
        // grow (it does not grow while fewer than half of it are in flight), until it is back where it started.
        int rounds = 0;
        while (limit(http) < LIMIT && rounds++ < 200) {
            calmRound(http, rounds);
        }
        assertThat(limit(http)).as("the limit after the flood").isEqualTo(LIMIT);
    }

    private static void calmRound(Http http, int round) throws Exception {
        ExecutorService calm = Executors.newFixedThreadPool(8);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            String sku = "CALM-" + c;
            String orderid = "calm-" + round + "-" + c;
            for (int i = 0; i < 10; i++) {
                String each = orderid + "-" + i;
                statuses.add(calm.submit(() -> http.allocate(each, sku, 1).statusCode()));
            }
        }
        for (Future<Integer> status : statuses) {
            assertThat(status.get(60, TimeUnit.SECONDS)).isIn(201, 503);
        }
        calm.shutdown();
    }

    private static int limit(Http http) {
        Matcher line = LIMIT_LINE.matcher(http.get("/metrics").body());
        assertThat(line.find()).as("the limit in /metrics").isTrue();
        return (int) Double.parseDouble(line.group(1));
    }
}
