package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.messages.JooqPublications;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events an instance publishes straight from memory, with the real jar: what it commits is leased to it
 * as it is stored and handed to its relay, and a fault sends it the table's way, none lost, none out of
 * order. The window between a commit and its publication is held open by the test, not by time: it holds
 * the lock every claim takes, and a relay, which claims first when it starts, waits there with the events
 * in memory.
 */
class EventsFromMemoryIT {

    private static final Pattern INSTANCE = Pattern.compile("Instance ([0-9a-f-]{36})");
    private static final List<String> SKUS = List.of("LAMP", "RUG");

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private final List<AutoCloseable> parts = new ArrayList<>(); // closed last first

    @AfterEach
    void stop() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception ignored) {
                // the next part is closed all the same
            }
        }
        sql.close();
    }

    private <T extends AutoCloseable> T closedAfter(T part) {
        parts.add(part);
        return part;
    }

    private long count(String query) {
        return ((Number) sql.fetchValue(query)).longValue();
    }

    /** Holds the lock every claim takes, on a session of the test's own, until it is closed. */
    private Connection holdTheClaimsLock() throws SQLException {
        Connection session = DriverManager.getConnection(database.url(), database.user(), database.password());
        try (Statement lock = session.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + JooqPublications.CLAIMS_LOCK + ")");
        }
        return session;
    }

    /** Until {@code relays} sessions wait for the claims lock: relays stopped before their memory. */
    private void awaitRelaysWaitingForTheClaimsLock(int relays) {
        // An advisory lock on a bigint key shows its high half as classid and its low half as objid.
        String waiting = "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND classid = " + (JooqPublications.CLAIMS_LOCK >>> 32)
                + " AND objid = " + (JooqPublications.CLAIMS_LOCK & 0xffffffffL);
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> count(waiting) == relays,
                relays + " relays waiting for the claims lock");
    }

    /** Batches of both SKUs, then {@code lines} allocations through {@code http}, the SKUs in turn. */
    private static void allocate(Http http, String prefix, int lines) {
        for (int i = 0; i < lines; i++) {
            assertThat(http.allocate(prefix + i, SKUS.get(i % SKUS.size()), 1).statusCode()).isEqualTo(201);
        }
    }

    private static void stock(Http http) {
        for (String sku : SKUS) {
            assertThat(http.addBatch(sku + "-stock", sku, 10_000, null).statusCode()).isEqualTo(201);
        }
    }

    private static String instanceOf(String logName) throws Exception {
        Matcher instance = INSTANCE.matcher(Files.readString(ServiceProcess.log(logName)));
        assertThat(instance.find()).as("the instance's name in " + logName).isTrue();
        return instance.group(1);
    }

    @Test
    void killedBetweenCommitAndPublishItsEventsGoOutOnceEachAfterTheirLeaseRanOut() throws Exception {
        TestBroker broker = closedAfter(TestBroker.shared());
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.putAll(Map.of("OUTBOX_LEASE_MS", "5000", "OUTBOX_POLL_MS", "200"));
        ServiceProcess first;
        Map<String, Instant> leaseEnds = new HashMap<>(); // by message id
        try (Connection claimsLock = holdTheClaimsLock()) {
            first = closedAfter(ServiceProcess.start(database, env, "memory-killed-first.log"));
            awaitRelaysWaitingForTheClaimsLock(1);
            closedAfter(ServiceProcess.start(database, env, "memory-killed-survivor.log"));
            awaitRelaysWaitingForTheClaimsLock(2);
            stock(first.http());
            allocate(first.http(), "order-", 6);

            assertThat(sql.fetch("SELECT leased_by FROM publications WHERE leased_until > now()")
                    .getValues(0, String.class)).as("committed, leased to the first instance, not published")
                    .hasSize(6).containsOnly(instanceOf("memory-killed-first.log"));
            sql.fetch("SELECT id, leased_until FROM publications").forEach(row -> leaseEnds.put(
                    row.get(0, Long.class).toString(), row.get(1, OffsetDateTime.class).toInstant()));
            first.kill(); // SIGKILL, its relay still waiting to claim: the events were in its memory only
        }

        List<Published> events = new ArrayList<>();
        ServiceProcess.waitFor(Duration.ofSeconds(60), () -> {
            Optional<Published> event = broker.nextEvent(Duration.ofMillis(100));
            event.ifPresent(received -> {
                assertThat(Instant.now()).as("event %s published by the survivor, after its lease", received.messageId())
                        .isAfter(leaseEnds.get(received.messageId()));
                events.add(received);
            });
            return events.size() == 6;
        }, "the survivor to publish the six events");
        events.addAll(broker.eventsUntilQuiet(Duration.ofSeconds(2)));

        assertThat(events).as("each event once").hasSize(6)
                .extracting(Published::messageId).doesNotHaveDuplicates();
        PublishedEvents.assertConsistent(events, sql);
        Invariants.assertHold(sql);
    }

    @Test
    void theBrokerAwayWhileEventsWaitInMemoryLosesNoneAndTheyGoOutInOrderOnceItIsBack() throws Exception {
        OwnRabbit rabbit = closedAfter(OwnRabbit.start());
        TestBroker broker = closedAfter(TestBroker.on(rabbit.amqpUrl()));
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        // A lease of two minutes: the events are given back because the broker is away, not because half
        // their lease went by while they waited.
        env.putAll(Map.of("OUTBOX_LEASE_MS", "120000", "OUTBOX_POLL_MS", "200", "SHUTDOWN_GRACE_MS", "0"));
        ServiceProcess service;
        try (Connection claimsLock = holdTheClaimsLock()) {
            service = closedAfter(ServiceProcess.start(database, env, "memory-broker-away.log"));
            awaitRelaysWaitingForTheClaimsLock(1);
            stock(service.http());
            allocate(service.http(), "before-", 6);
            assertThat(count("SELECT COUNT(*) FROM publications WHERE leased_until > now()"))
                    .as("in memory, leased").isEqualTo(6);
            rabbit.stop();
        }

        ServiceProcess.waitFor(Duration.ofSeconds(30),
                () -> count("SELECT COUNT(*) FROM publications WHERE leased_until IS NULL") == 6,
                "the events in memory given back to the table");
        allocate(service.http(), "during-", 4);
        rabbit.startAgain();
        broker.reconnect();
        ServiceProcess.waitFor(Duration.ofSeconds(60), () -> count("SELECT COUNT(*) FROM publications") == 0,
                "every event published once the broker is back");
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(3));

        assertThat(events).extracting(Published::messageId).as("none lost").hasSize(10).doesNotHaveDuplicates();
        PublishedEvents.assertConsistent(events, sql);
        Invariants.assertHold(sql);
    }

    @Test
    void twoInstancesCommittingEventsOfOneSkuPublishEachOnceInTheOrderOfItsVersions() throws Exception {
        TestBroker broker = closedAfter(TestBroker.shared());
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.putAll(Map.of("OUTBOX_POLL_MS", "200"));
        ServiceProcess first = closedAfter(ServiceProcess.start(database, env, "memory-two-first.log"));
        ServiceProcess second = closedAfter(ServiceProcess.start(database, env, "memory-two-second.log"));
        assertThat(first.http().addBatch("lamps", "LAMP", 10_000, null).statusCode()).isEqualTo(201);

        // Two clients on each instance, all on one SKU: its events are committed by both, side by side.
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            Http http = (client % 2 == 0 ? first : second).http();
            String prefix = "client-" + client + "-";
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 50; i++) {
                    assertThat(http.allocate(prefix + i, "LAMP", 1).statusCode()).isEqualTo(201);
                }
            }));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        ServiceProcess.waitFor(Duration.ofSeconds(60), () -> count("SELECT COUNT(*) FROM publications") == 0,
                "every event published");
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(2));

        assertThat(events).extracting(Published::messageId).as("each event once").hasSize(200)
                .doesNotHaveDuplicates();
        PublishedEvents.assertConsistent(events, sql);
        Invariants.assertHold(sql);
    }
}
