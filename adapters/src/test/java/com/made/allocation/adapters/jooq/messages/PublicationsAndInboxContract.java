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
import com.made.allocation.service.outbox.StoredPublication;
import com.made.allocation.service.fakes.MovingClock;
import com.made.allocation.service.publishing.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * Stores allocations of {@code order/SKU} to publish, the way a unit of work does: with its writes, in one
     * transaction; returns what was stored, in order.
     */
    protected List<StoredPublication> committed(JooqPublications publications, String... orderAndSku) {
        RoundTrip writes = new RoundTrip();
        List<EventMessage> messages = new ArrayList<>();
        for (String line : orderAndSku) {
            String[] parts = line.split("/");
            messages.add(new EventMessages().format(new Allocated(parts[0], parts[1], 1, "batch", 1), parts[1]));
        }
        List<StoredPublication> stored = new ArrayList<>();
        publications.store(messages, stored, writes);
        database.inTransaction("storing", connection -> {
            writes.run(connection, false);
            return null;
        });
        return stored;
    }

    /**
     * The publications of an instance that crashed: whatever it stores is left to the others at once, as
     * once its leases ran out.
     */
    protected JooqPublications crashed() {
        return TestOutboxes.on(database, Duration.ZERO).publications();
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
        crashed().store(List.of(stored), new ArrayList<>(), writes);
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
        committed(crashed(), "a1/A", "b1/B", "a2/A");

        assertThat(orders(first.claim(10))).containsExactly("a1", "b1", "a2");
        committed(crashed(), "a3/A", "c1/C");
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
    void aPublicationIsLeasedToItsInstanceAtCommitWhenNothingOfItsSkuWaitsElsewhere() {
        JooqPublications here = publications();
        List<StoredPublication> stored = committed(here, "a1/A", "b1/B", "a2/A");

        assertThat(stored).extracting(StoredPublication::leasedHere).containsExactly(true, true, true);
        assertThat(stored.get(0).follows()).isNull();
        assertThat(stored.get(1).follows()).isNull();
        assertThat(stored.get(2).follows()).as("the latest pending one of its SKU").isEqualTo(stored.get(0).id());
        assertThat(stored.get(0).leasedUntil()).isAfter(Instant.now());
        assertThat(publications().claim(10)).as("nothing for another instance to claim").isEmpty();
        assertThat(committed(here, "a3/A").get(0)).as("after this instance's own leased one")
                .satisfies(third -> {
                    assertThat(third.leasedHere()).isTrue();
                    assertThat(third.follows()).isEqualTo(stored.get(2).id());
                });
    }

    @Test
    void aPublicationIsStoredUnleasedBehindOneOfItsSkuThatIsNotLeasedToItsInstance() {
        MovingClock clock = new MovingClock();
        JooqPublications here = TestOutboxes.on(database, Duration.ofSeconds(30), clock).publications();
        JooqPublications other = TestOutboxes.on(database, Duration.ofSeconds(30), clock).publications();
        long expired = committed(here, "b1/B").get(0).id();
        long refused = committed(here, "c1/C").get(0).id();
        long givenBack = committed(here, "d1/D").get(0).id();
        long dead = committed(here, "e1/E").get(0).id();
        clock.advance(Duration.ofSeconds(31));
        long othersOwn = committed(other, "a1/A").get(0).id();
        here.scheduleRetry(refused, "NO_ROUTE", clock.instant().plusSeconds(60));
        here.release(List.of(givenBack));
        here.markDead(dead, "NO_ROUTE");

        List<StoredPublication> stored = committed(here, "a2/A", "b2/B", "c2/C", "d2/D", "e2/E");

        assertThat(stored).extracting(StoredPublication::leasedHere)
                .as("behind another instance's lease, an expired lease, a retry, one given back; after a dead one")
                .containsExactly(false, false, false, false, true);
        assertThat(stored).extracting(StoredPublication::follows)
                .containsExactly(othersOwn, expired, refused, givenBack, null);
    }

    @Test
    void anInstanceGivesBackOnlyWhatIsLeasedToIt() {
        JooqPublications here = publications();
        long id = committed(here, "a1/A").get(0).id();

        publications().release(List.of(id));
        assertThat(sql().select(PUBLICATIONS.LEASED_UNTIL).from(PUBLICATIONS).fetchOne(PUBLICATIONS.LEASED_UNTIL))
                .as("another instance's release").isNotNull();
        here.release(List.of(id));
        assertThat(sql().select(PUBLICATIONS.LEASED_UNTIL).from(PUBLICATIONS).fetchOne(PUBLICATIONS.LEASED_UNTIL))
                .as("its own").isNull();
        assertThat(orders(publications().claim(10))).containsExactly("a1");
    }

    @Test
    void aClaimLeasesToTheClaimingInstanceSoWhatItCommitsNextIsLeasedToItToo() {
        committed(crashed(), "a1/A");
        JooqPublications here = publications();
        assertThat(here.claim(10)).hasSize(1);

        assertThat(committed(here, "a2/A").get(0).leasedHere()).isTrue();
        assertThat(committed(publications(), "a3/A").get(0).leasedHere()).as("another instance's").isFalse();
    }

    @Test
    void manyPublicationsAreDeletedAndGivenBackInAStatementEach() {
        JooqPublications here = publications();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            lines.add("o" + i + "/SKU-" + (i % 7));
        }
        List<Long> ids = committed(here, lines.toArray(String[]::new)).stream().map(StoredPublication::id).toList();

        here.release(ids.subList(0, 300));
        assertThat(sql().fetchCount(PUBLICATIONS, PUBLICATIONS.LEASED_UNTIL.isNull())).isEqualTo(300);
        here.deletePublished(ids.subList(0, 3));
        here.deletePublished(ids.subList(3, 700));
        assertThat(sql().fetchCount(PUBLICATIONS)).isZero();
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
