package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.service.commands.Commands.Allocate;
import com.made.allocation.service.commands.Commands.CreateBatch;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.messagebus.BusMetrics;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.messagebus.OutboxMessageBus;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.RetryPolicy;
import com.made.allocation.service.publishing.EventPublisher;
import com.made.allocation.service.publishing.EventRelay;
import com.made.allocation.service.publishing.Publication;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL runs on the publications table for each published event, counted statement by statement
 * (each part of a multi-statement, each set of values of a JDBC batch): published by the instance that
 * committed it, its insert and a share of one delete per round; claimed from the table, besides its insert,
 * a share of one claim, one lease and one delete per batch.
 */
class PublishingStatementsIT {

    private static final String[] SKUS = {"A", "B", "C", "A", "B", "C", "A", "B"};

    private final Database database = TestDatabases.migratedPostgres();
    private final CountingDataSource counting = new CountingDataSource(database.dataSource());
    private final CommittedPublications committed = new CommittedPublications();
    private final GatedBroker broker = new GatedBroker();
    private EventRelay relay;

    /** Confirms every event; its first wave waits at the broker until the test lets it go. */
    private static final class GatedBroker implements EventPublisher {
        final CountDownLatch firstWaveOut = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        final List<Long> confirmed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Map<Long, String> publish(List<Publication> events) {
            firstWaveOut.countDown();
            await(letGo);
            events.forEach(event -> confirmed.add(event.id()));
            return Map.of();
        }
    }

    @AfterEach
    void close() {
        if (relay != null) {
            relay.close();
        }
        database.close();
    }

    /** A bus whose commits store their publications through {@code messages} and hand them {@code over}. */
    private OutboxMessageBus bus(StoredMessages messages, CommittedPublications over) {
        JooqUnitOfWorkFactory units = new JooqUnitOfWorkFactory(counting.dataSource(), database.dialect(),
                Locking.PESSIMISTIC, messages);
        return new OutboxMessageBus(units, Handlers.publishingRegistry((to, message) -> { }), messages.deliveries(),
                messages.inbox(), new EventMessages(), Retries.DEFAULT, Clock.systemUTC(), BusMetrics.NONE, over);
    }

    private EventRelay relay(StoredMessages messages) {
        return new EventRelay(messages.publications(), broker, RetryPolicy.DELIVERIES, committed, Duration.ofHours(1),
                Duration.ofSeconds(30), Clock.systemUTC());
    }

    private List<String> onPublications() {
        return counting.statements().stream().filter(sql -> sql.contains("\"publications\"")).toList();
    }

    private long waiting() {
        return DSL.using(database.dataSource(), database.dialect()).fetchCount(DSL.table("publications"));
    }

    @Test
    void anEventPublishedByTheInstanceThatCommittedItCostsItsInsertAndAShareOfOneDeletePerRound() {
        StoredMessages here = TestOutboxes.on(database.through(counting.dataSource()));
        OutboxMessageBus bus = bus(here, committed);
        for (String sku : List.of("A", "B", "C")) {
            bus.handle(new CreateBatch(sku + "-stock", sku, 100, null));
        }
        relay = relay(here);
        relay.start();
        awaitFact(() -> onPublications().stream().anyMatch(sql -> sql.startsWith("select")), "the claim at start");
        counting.reset();

        bus.handle(new Allocate("o0", "A", 1));
        await(broker.firstWaveOut); // the round of o0 is at the broker while eight more commit
        for (int i = 0; i < SKUS.length; i++) {
            bus.handle(new Allocate("o" + (i + 1), SKUS[i], 1));
        }
        broker.letGo.countDown();
        awaitFact(() -> broker.confirmed.size() == 9 && waiting() == 0, "nine events published and deleted");

        List<String> statements = onPublications();
        assertThat(statements).filteredOn(sql -> sql.startsWith("insert")).hasSize(9);
        assertThat(statements).filteredOn(sql -> sql.startsWith("delete")).as("one per round").hasSize(2);
        assertThat(statements).as("no claim, no lease, nothing given back").hasSize(11);
        System.out.printf("published from memory: %d statements on publications for 9 events in 2 rounds%n",
                statements.size());
    }

    @Test
    void anEventClaimedFromTheTableCostsItsInsertAndAShareOfOneClaimOneLeaseAndOneDeletePerBatch() {
        // Stored by an instance that died before publishing, once its leases ran out.
        OutboxMessageBus crashed = bus(TestOutboxes.on(database.through(counting.dataSource()), Duration.ZERO),
                new CommittedPublications());
        for (String sku : List.of("A", "B", "C")) {
            crashed.handle(new CreateBatch(sku + "-stock", sku, 100, null));
        }
        crashed.handle(new Allocate("o0", "A", 1));
        for (int i = 0; i < SKUS.length; i++) {
            crashed.handle(new Allocate("o" + (i + 1), SKUS[i], 1));
        }
        EventRelay survivor = relay(TestOutboxes.on(database.through(counting.dataSource())));
        broker.letGo.countDown();

        assertThat(survivor.runOnce()).isEqualTo(9);

        List<String> statements = onPublications();
        assertThat(statements).filteredOn(sql -> sql.startsWith("insert")).hasSize(9);
        assertThat(statements).filteredOn(sql -> sql.startsWith("select")).as("the claim").hasSize(1);
        assertThat(statements).filteredOn(sql -> sql.startsWith("update")).as("the lease").hasSize(1);
        assertThat(statements).filteredOn(sql -> sql.startsWith("delete")).hasSize(1);
        assertThat(statements).hasSize(12);
        assertThat(waiting()).isZero();
        System.out.printf("claimed from the table: %d statements on publications for 9 events in 1 batch%n",
                statements.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch").isTrue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }

    private static void awaitFact(BooleanSupplier fact, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!fact.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try {
                Thread.sleep(5); // paces the poll of a fact, orders nothing
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError(interrupted);
            }
        }
    }
}
