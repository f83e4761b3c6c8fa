package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.events.Allocated;
import com.made.allocation.service.Delivery;
import com.made.allocation.service.Delivery.Envelope;
import com.made.allocation.service.HandlerRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claims of events to publish on PostgreSQL: never past an earlier pending event of the same SKU. */
class PublicationClaimsIT {

    private final Database database = TestDatabases.migratedPostgres();

    @AfterEach
    void close() {
        database.close();
    }

    private DSLContext sql() {
        return DSL.using(database.dataSource(), database.dialect());
    }

    private void committed(JooqOutbox outbox, String... orderAndSku) {
        List<Envelope> events = new ArrayList<>();
        for (String line : orderAndSku) {
            String[] parts = line.split("/");
            events.add(new Envelope(new Allocated(parts[0], parts[1], 1, "batch", 1), HandlerRegistry.PUBLISH, null,
                    parts[1]));
        }
        sql().transaction(tx -> outbox.store(tx.dsl(), events));
    }

    private static List<String> orders(List<Delivery> claimed) {
        return claimed.stream().map(delivery -> ((Allocated) delivery.message()).orderid()).toList();
    }

    @Test
    void anEventWaitsWhileAnEarlierOneOfItsSkuIsLeasedOrWaitsForARetry() {
        JooqOutbox first = TestOutboxes.on(database);
        JooqOutbox second = TestOutboxes.on(database);
        committed(first, "a1/A", "b1/B", "a2/A");

        assertThat(orders(first.claimPublications(10))).containsExactly("a1", "b1", "a2");
        committed(first, "a3/A", "c1/C");
        assertThat(orders(second.claimPublications(10))).as("A is leased to the first").containsExactly("c1");

        long a1 = idOf("a1");
        first.scheduleRetry(a1, "NO_ROUTE", Instant.now().plusSeconds(60));
        first.markPublished(List.of(idOf("b1")));
        first.release(List.of(idOf("a2")));
        assertThat(second.claimPublications(10)).as("a1 waits for its retry, and A with it").isEmpty();

        first.markDead(a1, "NO_ROUTE");
        assertThat(orders(second.claimPublications(10))).as("a dead event no longer holds its SKU back")
                .containsExactly("a2", "a3");
    }

    @Test
    void twoInstancesClaimingSideBySideNeverSplitTheOrderOfASku() throws Exception {
        JooqOutbox writer = TestOutboxes.on(database);
        for (int i = 0; i < 300; i++) {
            committed(writer, "o" + i + "/SKU-" + (i % 3));
        }
        List<String> violations = new CopyOnWriteArrayList<>();
        List<Long> claimedIds = new CopyOnWriteArrayList<>();
        ExecutorService instances = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            JooqOutbox outbox = TestOutboxes.on(database);
            running.add(instances.submit(() -> {
                for (List<Delivery> claimed = outbox.claimPublications(7); !claimed.isEmpty();
                     claimed = outbox.claimPublications(7)) {
                    Set<Long> mine = claimed.stream().map(Delivery::id).collect(Collectors.toSet());
                    claimedIds.addAll(mine);
                    for (Delivery event : claimed) {
                        // An earlier event of the SKU still pending must be in this claim, or it could come after.
                        sql().select(OUTBOX.ID).from(OUTBOX)
                                .where(OUTBOX.ORDERING_KEY.eq(((Allocated) event.message()).sku())
                                        .and(OUTBOX.STATUS.eq("PENDING")).and(OUTBOX.ID.lt(event.id())))
                                .fetch(OUTBOX.ID).stream().filter(id -> !mine.contains(id))
                                .forEach(id -> violations.add(id + " pending before claimed " + event.id()));
                    }
                    outbox.markPublished(mine);
                }
            }));
        }
        for (Future<?> instance : running) {
            instance.get();
        }
        instances.shutdown();

        assertThat(violations).isEmpty();
        assertThat(claimedIds).as("each event claimed by one instance, once").hasSize(300).doesNotHaveDuplicates();
        assertThat(sql().fetchCount(OUTBOX, OUTBOX.STATUS.eq("DONE"))).isEqualTo(300);
    }

    private long idOf(String orderid) {
        return sql().select(OUTBOX.ID).from(OUTBOX).where(OUTBOX.PAYLOAD.contains("\"" + orderid + "\""))
                .fetchSingle(OUTBOX.ID);
    }
}
