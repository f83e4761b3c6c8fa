package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a user runs it, on the embedded default database, with a broker: eight
 * clients allocating, the process killed with SIGKILL, and started again on the same data folder. What it
 * answered 201 is still there, once, and its event reaches the broker; no event tells of an allocation that
 * was not kept.
 */
class EmbeddedCrashIT {

    private static final int CLIENTS = 8;
    private static final List<String> SKUS = List.of("LAMP", "RUG", "DESK", "CHAIR");

    private final TestBroker broker = TestBroker.shared();
    private ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        broker.close();
    }

    @Test
    void everyAcknowledgedAllocationSurvivesAKillAndIsPublished() throws Exception {
        Path workingDirectory = Files.createTempDirectory("allocation-embedded");
        int port = FreePort.find();
        service = ServiceProcess.startEmbedded(workingDirectory, port, broker.serviceEnv(), "embedded-crash-first.log");
        for (String sku : SKUS) {
            assertThat(service.http().addBatch(sku + "-stock", sku, 1_000_000, null).statusCode()).isEqualTo(201);
        }

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int number = client;
            clients.add(CompletableFuture.runAsync(() -> allocateUntilCutOff(number, acknowledged, sent)));
        }
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> acknowledged.size() >= 600, "allocations under load");
        service.kill(); // SIGKILL: whatever the process had not written is gone
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        int acknowledgedAtKill = acknowledged.size();

        service = ServiceProcess.startEmbedded(workingDirectory, port, broker.serviceEnv(), "embedded-crash-second.log");
        // Every acknowledged allocation's event reaches the queue (the restarted relay publishes what is left).
        List<Published> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!allocatedOrders(events).containsAll(acknowledged) && System.nanoTime() < deadline) {
            broker.nextEvent(Duration.ofMillis(200)).ifPresent(events::add);
        }
        // Then the events of what was stored but not acknowledged: once the service has none left to publish,
        // all of them are in the queue already.
        ServiceProcess.waitFor(Duration.ofSeconds(60), () -> nothingLeftToPublish(service.http()),
                "the restarted service to publish every stored event");
        events.addAll(broker.eventsUntilQuiet(Duration.ofSeconds(2)));
        service.terminate();
        assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();

        // The H2 file is the process's own while it runs; stopped, the test reads it.
        String url = "jdbc:h2:file:" + workingDirectory.resolve("data/allocation")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (CloseableDSLContext sql = DSL.using(url, "sa", "")) {
            List<String> stored = sql.fetch("SELECT orderid FROM allocations").getValues(0, String.class);
            assertThat(stored).as("allocations stored once each").doesNotHaveDuplicates();
            assertThat(stored).as("every allocation answered 201 before the kill").containsAll(acknowledged);
            assertThat(allocatedOrders(events)).as("orders with an allocated event").containsAll(acknowledged);
            PublishedEvents.assertConsistent(events, sql);
            Invariants.assertHold(sql);
            System.out.printf("killed after %d allocations sent, %d acknowledged; %d stored, %d events received%n",
                    sent.get(), acknowledgedAtKill, stored.size(), events.size());
        }
    }

    /** One client: a new order after each answer, until the connection is refused or cut. */
    private void allocateUntilCutOff(int client, Set<String> acknowledged, AtomicInteger sent) {
        Http http = service.http();
        for (int i = 0; ; i++) {
            String orderid = "client-" + client + "-" + i;
            HttpResponse<String> response;
            try {
                sent.incrementAndGet();
                response = http.allocate(orderid, SKUS.get((client + i) % SKUS.size()), 1);
            } catch (UncheckedIOException cutOff) {
                return;
            }
            assertThat(response.statusCode()).as("allocating " + orderid).isEqualTo(201);
            acknowledged.add(orderid);
        }
    }

    private static Set<String> allocatedOrders(List<Published> events) {
        return events.stream().filter(event -> event.type().equals("allocated"))
                .map(event -> event.body().get("orderid").asText()).collect(Collectors.toSet());
    }

    /** The service's own gauge of the events it stores to publish says none is left. */
    private static boolean nothingLeftToPublish(Http http) {
        return http.get("/metrics").body().lines()
                .anyMatch(line -> line.matches("allocation_publications_pending(\\{.*})? 0(\\.0)?"));
    }
}
