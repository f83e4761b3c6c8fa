package com.made.allocation.adapters.jooq.messages;

import static com.made.allocation.adapters.jooq.schema.Tables.INBOX;
import static com.made.allocation.adapters.jooq.schema.Tables.PUBLICATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.jooq.TestOutboxes;
import com.made.allocation.adapters.jooq.messages.JooqInbox;
import com.made.allocation.adapters.jooq.messages.JooqPublications;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.domain.events.Allocated;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.publishing.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publications and the inbox, on each database: a claim ships the bytes stored at commit and never
 * passes an earlier pending event of the same SKU, and a received message id is recorded once.
 */
abstract class PublicationsAndInboxContract {

    private static final Pattern ORDERID = Pattern.compile("\"orderid\":\"([^\"]+)\"");

    protected final Database database = newDatabase();

    protected abstract Database newDatabase();

    @AfterEach
    void close() {
        database.close();
    }

    protected DSLContext sql() {
        return DSL.using(database.dataSource(), database.dialect());
    }

    /** Stores allocations of {@code order/SKU} to publish, the way a unit of work does: with its writes. */
    protected void committed(JooqPublications publications, String... orderAndSku) {
        RoundTrip writes = new RoundTrip();
        for (String line : orderAndSku) {
            String[] parts = line.split("/");
            EventMessage message = new EventMessages().format(new Allocated(parts[0], parts[1], 1, "batch", 1), parts[1]);
            writes.write(publications.store(message));
        }
        database.inTransaction("storing", connection -> {
            writes.run(connection, false);
            return null;
        });
    }

    protected static String orderOf(byte[] body) {
        Matcher orderid = ORDERID.matcher(new String(body, StandardCharsets.UTF_8));
        if (!orderid.find()) {
            throw new AssertionError("no orderid in " + new String(body, StandardCharsets.UTF_8));
        }
        return orderid.group(1);
    }

    private static List<String> orders(List<Publication> claimed) {
        return claimed.stream().map(publication -> orderOf(publication.message().body())).toList();
    }

    private JooqPublications publications() {
        return TestOutboxes.on(database).publications();
    }

    @Test
    void aClaimShipsWhatWasStoredAtCommit() {
        JooqPublications publications = publications();
        EventMessage stored = new EventMessages().format(new Allocated("o1", "RED-CHAIR", 3, "b1", 7), "RED-CHAIR");
        RoundTrip writes = new RoundTrip();
        writes.write(publications.store(stored));
        database.inTransaction("storing", connection -> {
            writes.run(connection, false);
            return null;
        });

        assertThat(publications.claim(10)).singleElement().satisfies(claimed -> {
            assertThat(claimed.message().body()).isEqualTo(stored.body());
            assertThat(claimed.message().routingKey()).isEqualTo("allocated.RED-CHAIR");
            assertThat(claimed.message().type()).isEqualTo("allocated");
            assertThat(claimed.message().orderingKey()).isEqualTo("RED-CHAIR");
            assertThat(claimed.attempts()).isZero();
        });
    }

    @Test
    void anEventWaitsWhileAnEarlierOneOfItsSkuIsLeasedOrWaitsForARetry() {
        JooqPublications first = publications();
        JooqPublications second = publications();
        committed(first, "a1/A", "b1/B", "a2/A");

        assertThat(orders(first.claim(10))).containsExactly("a1", "b1", "a2");
        committed(first, "a3/A", "c1/C");
        assertThat(orders(second.claim(10))).as("A is leased to the first").containsExactly("c1");

        long a1 = idOf("a1");
        first.scheduleRetry(a1, "NO_ROUTE", Instant.now().plusSeconds(60));
        long b1 = idOf("b1");
        first.deletePublished(List.of(b1));
        assertThat(sql().fetchCount(PUBLICATIONS, PUBLICATIONS.ID.eq(b1))).as("a published event is deleted").isZero();
        first.release(List.of(idOf("a2")));
        assertThat(second.claim(10)).as("a1 waits for its retry, and A with it").isEmpty();

        first.markDead(a1, "NO_ROUTE");
        assertThat(orders(second.claim(10))).as("a dead event no longer holds its SKU back")
                .containsExactly("a2", "a3");
    }

    @Test
    void aReceivedMessageIdIsRecordedOnce() {
        JooqInbox inbox = TestOutboxes.on(database).inbox();
        receive(inbox, "m-1");

        assertThatThrownBy(() -> receive(inbox, "m-1")).isInstanceOf(AlreadyReceived.class);
        receive(inbox, "m-2");
        assertThat(sql().fetchCount(INBOX)).isEqualTo(2);
        assertThat(inbox.wasReceived("m-1")).isTrue();
        assertThat(inbox.wasReceived("m-3")).isFalse();
    }

    private void receive(JooqInbox inbox, String messageId) {
        RoundTrip writes = new RoundTrip();
        writes.writeOneRow(inbox.record(messageId), () -> new AlreadyReceived(messageId));
        database.inTransaction("receiving", connection -> {
            writes.run(connection, false);
            return null;
        });
    }

    private long idOf(String orderid) {
        return sql().select(PUBLICATIONS.ID, PUBLICATIONS.BODY).from(PUBLICATIONS).fetch().stream()
                .filter(row -> orderOf(row.value2()).equals(orderid)).findFirst().orElseThrow().value1();
    }
}
