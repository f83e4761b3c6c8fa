package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two processes of the real jar on one PostgreSQL database and one RabbitMQ broker, as a deployment runs
 * them: commands from the broker, load over HTTP on both, and one of them killed with SIGKILL.
 */
class TwoInstancesIT {

    private static final int LINES = 200;

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private final TestBroker broker = TestBroker.shared();
    private ServiceProcess first;
    private ServiceProcess second;

    @AfterEach
    void stop() {
        for (ServiceProcess instance : new ServiceProcess[] {first, second}) {
            if (instance != null) {
                instance.close();
            }
        }
        broker.close();
        sql.close();
    }

    private void startBoth() throws Exception {
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.putAll(Map.of("OUTBOX_LEASE_MS", "2000", "OUTBOX_POLL_MS", "200", "SHUTDOWN_GRACE_MS", "0"));
        first = ServiceProcess.start(database, env, "two-instances-first.log");
        second = ServiceProcess.start(database, env, "two-instances-second.log");
    }

    private long count(String query) {
        return ((Number) sql.fetchValue(query)).longValue();
    }

    /** A warehouse batch of TABLE with {@code LINES} one-unit lines, allocated through both instances in turn. */
    private void tablesAllocatedThroughBoth() {
        first.http().addBatch("warehouse", "TABLE", LINES, null);
        second.http().addBatch("shipment", "TABLE", LINES + 50, "2030-01-01");
        Http[] instances = {first.http(), second.http()};
        for (int i = 0; i < LINES; i++) {
            assertThat(instances[i % 2].allocate("order-" + i, "TABLE", 1).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void aQuantityChangeFromTheBrokerReallocatesEveryLineOnceAndPublishesEachReallocation() throws Exception {
        startBoth();
        tablesAllocatedThroughBoth();

        broker.send("warehouse-written-off", "{\"type\":\"change_batch_quantity\",\"ref\":\"warehouse\",\"qty\":0}");

        ServiceProcess.waitFor(Duration.ofSeconds(60),
                () -> count("SELECT COUNT(*) FROM allocations WHERE batch_ref = 'shipment'") == LINES
                        && count("SELECT COUNT(*) FROM outbox WHERE status <> 'DONE'") == 0
                        && count("SELECT COUNT(*) FROM publications") == 0,
                "every line reallocated and every event published");
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(2));

        List<String> reallocated = events.stream()
                .filter(event -> event.type().equals("allocated"))
                .filter(event -> event.body().get("batchref").asText().equals("shipment"))
                .map(event -> event.body().get("orderid").asText()).toList();
        assertThat(reallocated).hasSize(LINES).doesNotHaveDuplicates();
        assertThat(events).filteredOn(event -> event.type().equals("deallocated")).hasSize(LINES);
        PublishedEvents.assertConsistent(events, sql);
        assertThat(count("SELECT COUNT(*) FROM allocations")).isEqualTo(LINES);
        Invariants.assertHold(sql);
    }

    @Test
    void oneKilledUnderLoadLosesNoLineDoublesNoneAndTheSurvivorPublishesItsEvents() throws Exception {
        startBoth();
        tablesAllocatedThroughBoth();

        // Load on both: chairs ordered through each in turn; the client moves to the survivor when one dies.
        first.http().addBatch("chairs", "CHAIR", 10_000, null);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 400; i++) {
                allocateSomewhere("chair-order-" + i, i % 2 == 0 ? first.http() : second.http(), first.http());
            }
        });
        // ...and a write-off on the one that will die, which reallocates every TABLE line.
        CompletableFuture.runAsync(() -> {
            try {
                second.http().changeBatchQuantity("warehouse", 0);
            } catch (RuntimeException cutOff) {
                // the process dies under this request
            }
        });
        ServiceProcess.waitFor(Duration.ofSeconds(30),
                () -> count("SELECT COUNT(*) FROM allocations WHERE batch_ref = 'shipment'") >= 10,
                "reallocations to start");
        second.kill();
        long pendingAtKill = count("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'");
        assertThat(pendingAtKill).as("work the killed instance left behind").isPositive();

        load.get(60, TimeUnit.SECONDS);
        ServiceProcess.waitFor(Duration.ofSeconds(60), () -> count("SELECT COUNT(*) FROM outbox WHERE status <> 'DONE'") == 0
                        && count("SELECT COUNT(*) FROM publications") == 0,
                "the survivor to take over what the killed one left, once its lease ran out, and publish it all");
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(2));

        assertThat(count("SELECT COUNT(*) FROM allocations WHERE sku = 'TABLE' AND batch_ref = 'shipment'"))
                .isEqualTo(LINES);
        assertThat(count("SELECT COUNT(*) FROM allocations WHERE sku = 'CHAIR'")).isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM allocations")).isEqualTo(LINES + 400);
        PublishedEvents.assertConsistent(events, sql);
        Invariants.assertHold(sql);
        System.out.printf("killed one instance with %d outbox entries pending; %d events received%n",
                pendingAtKill, events.size());
    }

    /** Allocates through {@code preferred}, or through {@code fallback} when it cannot be reached. */
    private static void allocateSomewhere(String orderid, Http preferred, Http fallback) {
        HttpResponse<String> response;
        try {
            response = preferred.allocate(orderid, "CHAIR", 1);
        } catch (UncheckedIOException unreachable) {
            response = fallback.allocate(orderid, "CHAIR", 1); // allocating the same line again is harmless
        }
        assertThat(response.statusCode()).as("allocating " + orderid).isEqualTo(201);
    }
}
