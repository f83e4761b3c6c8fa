package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ stopped for a while under load, on a broker of the test's own, with two instances of the real
 * jar: HTTP answers every request all along, the events wait in the outbox and all go out once the broker is
 * back, none twice under different ids, and the consumers take commands again by themselves.
 */
class BrokerOutageIT {

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private OwnRabbit rabbit;
    private TestBroker broker;
    private ServiceProcess first;
    private ServiceProcess second;

    @AfterEach
    void stop() {
        for (AutoCloseable part : new AutoCloseable[] {first, second, broker, rabbit}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception ignored) {
                    // the next part is closed all the same
                }
            }
        }
        sql.close();
    }

    private long count(String query) {
        return ((Number) sql.fetchValue(query)).longValue();
    }

    @Test
    void aBrokerOutageUnderLoadOnlyDelaysTheEvents() throws Exception {
        rabbit = OwnRabbit.start();
        broker = TestBroker.on(rabbit.amqpUrl());
        Map<String, String> env = new HashMap<>(broker.serviceEnv());
        env.putAll(Map.of("OUTBOX_POLL_MS", "200", "SHUTDOWN_GRACE_MS", "0"));
        first = ServiceProcess.start(database, env, "broker-outage-first.log");
        second = ServiceProcess.start(database, env, "broker-outage-second.log");
        for (String sku : List.of("LAMP", "RUG", "DESK")) {
            first.http().addBatch(sku + "-stock", sku, 1_000_000, null);
        }

        // Load on both instances, round robin over three SKUs, until told to stop.
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            Http[] instances = {first.http(), second.http()};
            String[] skus = {"LAMP", "RUG", "DESK"};
            while (loading.get()) {
                int i = sent.getAndIncrement();
                int status = instances[i % 2].allocate("order-" + i, skus[i % 3], 1).statusCode();
                statuses.merge(status, 1, Integer::sum);
            }
        });
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> sent.get() >= 100, "load before the outage");
        rabbit.stop();
        int sentAtStop = sent.get();
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> sent.get() >= sentAtStop + 200, "load during the outage");
        long waitingInOutage = count("SELECT COUNT(*) FROM publications WHERE status = 'PENDING'");
        rabbit.startAgain();
        int sentAtStart = sent.get();
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> sent.get() >= sentAtStart + 100, "load after the outage");
        loading.set(false);
        load.get(30, TimeUnit.SECONDS);

        broker.reconnect();
        broker.send("after-the-outage", "{\"type\":\"allocate\",\"orderid\":\"after-outage\",\"sku\":\"LAMP\",\"qty\":1}");
        ServiceProcess.waitFor(Duration.ofSeconds(60),
                () -> count("SELECT COUNT(*) FROM allocations WHERE orderid = 'after-outage'") == 1
                        && count("SELECT COUNT(*) FROM publications") == 0,
                "the consumers back and every event published");
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(3));

        assertThat(statuses).as("HTTP statuses during the whole run").containsOnlyKeys(201);
        assertThat(waitingInOutage).as("events waiting in the outbox during the outage").isPositive();
        assertThat(count("SELECT COUNT(*) FROM allocations")).isEqualTo(sent.get() + 1);
        PublishedEvents.assertConsistent(events, sql);
        Invariants.assertHold(sql);
        for (String log : List.of("broker-outage-first.log", "broker-outage-second.log")) {
            List<String> lines = Files.readAllLines(ServiceProcess.log(log));
            assertThat(lines).as("the lost connection in " + log).filteredOn(line -> line.contains("Broker connection lost"))
                    .hasSize(1).allMatch(line -> line.contains(" WARN "));
            assertThat(lines).as("the recovery in " + log).filteredOn(line -> line.contains("Broker connection recovered"))
                    .hasSize(1).allMatch(line -> line.contains(" INFO "));
            assertThat(lines).as("errors, stack traces and what was not recovered in " + log)
                    .noneMatch(line -> line.contains(" ERROR ") || line.startsWith("\tat ")
                            || line.contains("not recovered"));
        }
        System.out.printf("%d allocations over HTTP, %d events waited in the outbox during the outage, %d received%n",
                sent.get(), waitingInOutage, events.size());
    }
}
