package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real jar, stopped in the middle of a quantity change with hundreds of reallocations: killed with
 * SIGKILL and started again, or stopped with SIGTERM. Either way every line ends up allocated exactly once.
 */
class ProcessCrashIT {

    private static final int LINES = 300;

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private Process service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
        sql.close();
    }

    private Process start(int port, String logName) throws IOException {
        return start(port, logName, Map.of());
    }

    private Process start(int port, String logName, Map<String, String> more) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("OUTBOX_LEASE_MS", "1000", "OUTBOX_POLL_MS", "200"));
        env.putAll(more);
        return ServiceProcess.start(database, port, env, logName).process();
    }

    private static void waitFor(Duration limit, BooleanSupplier condition, String what) {
        ServiceProcess.waitFor(limit, condition, what);
    }

    /** A warehouse batch full of one-unit lines, and a later shipment with room for all of them. */
    private static void allocateEveryLineToTheWarehouse(Http http) {
        http.addBatch("warehouse", "TABLE", LINES, null);
        http.addBatch("shipment", "TABLE", LINES + 100, "2030-01-01");
        for (int i = 0; i < LINES; i++) {
            assertThat(http.allocate("order-" + i, "TABLE", 1).statusCode()).isEqualTo(201);
        }
    }

    /** Waits until the deallocation has committed and the first reallocations are through. */
    private void waitForReallocationsToStart() {
        waitFor(Duration.ofSeconds(120), () -> count("SELECT COUNT(*) FROM allocations WHERE batch_ref = 'shipment'") >= 10,
                "the quantity change to commit and reallocations to start");
    }

    private long count(String query) {
        return ((Number) sql.fetchValue(query)).longValue();
    }

    @Test
    void killedMidReallocationAndRestartedLosesNoLineAndDoublesNone() throws Exception {
        int port = FreePort.find();
        service = start(port, "crash-first-run.log");
        Http http = new Http(port);
        allocateEveryLineToTheWarehouse(http);

        CompletableFuture.runAsync(() -> {
            try {
                http.changeBatchQuantity("warehouse", 0);
            } catch (RuntimeException cutOff) {
                // the process dies under this request
            }
        });
        waitForReallocationsToStart();
        service.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful anything
        long pendingAtKill = count("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'");
        long reallocatedAtKill = count("SELECT COUNT(*) FROM allocations WHERE batch_ref = 'shipment'");
        assertThat(pendingAtKill).as("reallocations cut off by the kill").isPositive();
        assertThat(reallocatedAtKill).isLessThan(LINES);

        service = start(port, "crash-second-run.log");
        waitFor(Duration.ofSeconds(300), () -> count("SELECT COUNT(*) FROM outbox WHERE status <> 'DONE'") == 0,
                "the restarted service to finish the reallocations");

        assertThat(count("SELECT COUNT(*) FROM allocations WHERE batch_ref = 'shipment'")).isEqualTo(LINES);
        assertThat(count("SELECT COUNT(*) FROM allocations")).isEqualTo(LINES);
        List<String> orders = sql.fetch("SELECT orderid FROM allocations ORDER BY orderid").getValues(0, String.class);
        assertThat(orders).doesNotHaveDuplicates().hasSize(LINES)
                .allMatch(orderid -> orderid.matches("order-\\d+"));
        Invariants.assertHold(sql);
        System.out.printf("killed with %d reallocations pending and %d done; all %d lines allocated after restart%n",
                pendingAtKill, reallocatedAtKill, LINES);
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishThenStops() throws Exception {
        int port = FreePort.find();
        // The promise here is that the request in flight is finished, not how fast: 300 reallocations on a
        // busy 2-core machine can outlast the default grace of 10 s, so this stop may wait far longer.
        service = start(port, "sigterm-run.log", Map.of("SHUTDOWN_GRACE_MS", "300000"));
        Http http = new Http(port);
        allocateEveryLineToTheWarehouse(http);

        CompletableFuture<Integer> change = CompletableFuture.supplyAsync(
                () -> http.changeBatchQuantity("warehouse", 0).statusCode());
        waitForReallocationsToStart();
        service.destroy(); // SIGTERM

        assertThat(change.get(5, TimeUnit.MINUTES)).as("the request in flight").isEqualTo(200);
        assertThat(service.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE status <> 'DONE'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM allocations WHERE batch_ref = 'shipment'")).isEqualTo(LINES);
        assertThat(Files.readString(Path.of("target", "sigterm-run.log"))).contains("Allocation service stopped");
        Invariants.assertHold(sql);
    }
}
