package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.INBOX;
import static com.made.allocation.adapters.jooq.schema.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.events.Allocated;
import com.made.allocation.service.AlreadyReceived;
import com.made.allocation.service.Delivery;
import com.made.allocation.service.Delivery.Envelope;
import com.made.allocation.service.HandlerRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's side of the broker, on each database: claims of events to publish never pass an earlier
 * pending event of the same SKU, and a received message id is recorded once.
 */
abstract class PublicationsAndInboxContract {

    protected final Database database = newDatabase();

    protected abstract Database newDatabase();

    @AfterEach
    void close() {
        database.close();
    }

    protected DSLContext sql() {
        return DSL.using(database.dataSource(), database.dialect());
    }

    protected void committed(JooqOutbox outbox, String... orderAndSku) {
        List<Envelope> events = new ArrayList<>();
        for (String line : orderAndSku) {
            String[] parts = line.split("/");
            events.add(new Envelope(new Allocated(parts[0], parts[1], 1, "batch", 1), HandlerRegistry.PUBLISH, null,
                    parts[1]));
        }
        // The way a unit of work stores them: with its writes.
        Writes writes = new Writes();
        events.forEach(event -> writes.add(outbox.publication(event)));
        sql().transaction(tx -> tx.dsl().connection(connection -> writes.execute(connection, false)));
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
    void aReceivedMessageIdIsRecordedOnce() {
        JooqOutbox outbox = TestOutboxes.on(database);
        sql().transaction(tx -> outbox.receive(tx.dsl(), "m-1"));

        assertThatThrownBy(() -> sql().transaction(tx -> outbox.receive(tx.dsl(), "m-1")))
                .isInstanceOf(AlreadyReceived.class);
        sql().transaction(tx -> outbox.receive(tx.dsl(), "m-2"));
        assertThat(sql().fetchCount(INBOX)).isEqualTo(2);
    }

    private long idOf(String orderid) {
        return sql().select(OUTBOX.ID).from(OUTBOX).where(OUTBOX.PAYLOAD.contains("\"" + orderid + "\""))
                .fetchSingle(OUTBOX.ID);
    }
}
