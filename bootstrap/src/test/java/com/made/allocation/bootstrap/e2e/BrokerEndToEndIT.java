package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import com.made.allocation.service.testing.Facts;
import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service with a broker: events out through the outbox, commands in through a queue. */
class BrokerEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private final TestBroker broker = TestBroker.shared();
    private AllocationService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        broker.close();
        sql.close();
    }

    private Http start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0",
                "OUTBOX_POLL_MS", "100"));
        env.putAll(extra);
        service = AllocationService.start(Settings.with(database, env));
        return new Http(service.port());
    }

    private Http startWithBroker() {
        return start(broker.serviceEnv());
    }

    /** The book's test_external_events: a quantity changed through the broker, the reallocation seen on it. */
    @Test
    void changeBatchQuantityFromTheBrokerLeadsToAnAllocatedEvent() {
        Http http = startWithBroker();
        http.addBatch("old-batch", "ELEGANT-LAMP", 10, "2011-01-01");
        http.addBatch("newer-batch", "ELEGANT-LAMP", 10, "2011-01-02");
        assertThat(http.allocate("order-1", "ELEGANT-LAMP", 10).body()).isEqualTo("{\"batchref\":\"old-batch\"}");
        assertThat(broker.nextEvent(WAIT)).hasValueSatisfying(event ->
                assertThat(event.body().get("batchref").asText()).isEqualTo("old-batch"));

        broker.send("change-1", "{\"type\":\"change_batch_quantity\",\"ref\":\"old-batch\",\"qty\":5}");

        List<Published> events = List.of(broker.nextEvent(WAIT).orElseThrow(), broker.nextEvent(WAIT).orElseThrow());
        assertThat(events).extracting(event -> event.type() + " " + event.body().get("orderid").asText() + " "
                        + event.body().get("batchref").asText())
                .containsExactly("deallocated order-1 old-batch", "allocated order-1 newer-batch");
        Invariants.assertHold(sql);
    }

    @Test
    void eventsArePersistentJsonWithThePublicationIdAsMessageIdAndTheSkuInTheRoutingKey() {
        Http http = startWithBroker();
        http.addBatch("b1", "RED-CHAIR", 10, null);
        http.allocate("o1", "RED-CHAIR", 3);

        Published event = broker.nextEvent(WAIT).orElseThrow();

        // The one publication stored: the last id its table gave out (the row itself is deleted once confirmed).
        long publicationId = number("SELECT last_value FROM publications_id_seq");
        assertThat(event.messageId()).isEqualTo(String.valueOf(publicationId));
        assertThat(event.type()).isEqualTo("allocated");
        assertThat(event.routingKey()).isEqualTo("allocated.RED-CHAIR");
        assertThat(event.deliveryMode()).isEqualTo(2);
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.body().toString()).isEqualTo(
                "{\"type\":\"allocated\",\"orderid\":\"o1\",\"sku\":\"RED-CHAIR\",\"qty\":3,\"batchref\":\"b1\",\"version\":2}");
        waitUntilNothingWaitsToBePublished();
    }

    @Test
    void aMessageIdSeenBeforeIsAcknowledgedWithoutBeingHandledAgain() {
        Http http = startWithBroker();
        http.addBatch("b1", "RUG", 100, null);
        try (ConsumerLog consumer = ConsumerLog.listen()) {
            broker.send("m-1", "{\"type\":\"allocate\",\"orderid\":\"o1\",\"sku\":\"RUG\",\"qty\":1}");
            waitUntil(() -> http.get("/allocations/o1").statusCode() == 200, "the first m-1 handled");

            // Sent only now, so it comes after the first was handled: the duplicate that comes late.
            broker.send("m-1", "{\"type\":\"allocate\",\"orderid\":\"o2\",\"sku\":\"RUG\",\"qty\":1}");
            // Either way the consumer settles it: skipped (it says so), or, were the inbox not to know m-1, handled.
            waitUntil(() -> consumer.said("Command message m-1 was handled before; acknowledged")
                    || http.get("/allocations/o2").statusCode() == 200, "the second m-1 settled");
            broker.send("m-2", "{\"type\":\"allocate\",\"orderid\":\"o3\",\"sku\":\"RUG\",\"qty\":1}");
            waitUntil(() -> http.get("/allocations/o3").statusCode() == 200, "m-2 handled");

            // Stopped, the service handles nothing more; what it took and did not acknowledge is back in the queue.
            service.close();
        }
        assertThat(broker.commandsWaiting()).as("commands not acknowledged").isZero();
        assertThat(broker.nextDeadLetter(Duration.ZERO)).isEmpty();
        assertThat(sql.fetch("SELECT orderid FROM allocations ORDER BY orderid").getValues(0, String.class))
                .as("handled").containsExactly("o1", "o3");
        assertThat(number("SELECT allocated_quantity FROM batches WHERE reference = 'b1'")).isEqualTo(2);
        assertThat(sql.fetch("SELECT message_id FROM inbox ORDER BY message_id").getValues(0, String.class))
                .containsExactly("m-1", "m-2");
    }

    @Test
    void whatCannotBeHandledGoesToTheDeadLetterQueueWithTheReasonAndTheConsumerGoesOn() throws Exception {
        Http http = startWithBroker();
        http.addBatch("b1", "DESK", 5, null);

        broker.sendRaw(new AMQP.BasicProperties.Builder().messageId("junk").build(),
                "{not json".getBytes(StandardCharsets.UTF_8));
        broker.sendRaw(new AMQP.BasicProperties.Builder().build(),
                "{\"type\":\"allocate\",\"orderid\":\"o1\",\"sku\":\"DESK\",\"qty\":1}".getBytes(StandardCharsets.UTF_8));
        broker.send("unknown-type", "{\"type\":\"delete_everything\"}");
        broker.send("bad-qty", "{\"type\":\"allocate\",\"orderid\":\"o1\",\"sku\":\"DESK\",\"qty\":\"1\"}");
        broker.send("unknown-sku", "{\"type\":\"allocate\",\"orderid\":\"o1\",\"sku\":\"NO-SUCH\",\"qty\":1}");
        broker.send("huge", "{\"type\":\"allocate\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        // What the copy would take over from the sender and the broker act on: expiration would lose it.
        broker.sendRaw(new AMQP.BasicProperties.Builder().messageId("expiring").expiration("2000").build(),
                "{\"type\":\"allocate\"}".getBytes(StandardCharsets.UTF_8));
        broker.send("fine", "{\"type\":\"allocate\",\"orderid\":\"o2\",\"sku\":\"DESK\",\"qty\":1}");

        waitUntil(() -> http.get("/allocations/o2").statusCode() == 200, "the next command handled");
        Thread.sleep(2500); // time itself is the point: longer than the expiring message was to live
        List<String> reasons = List.of(1, 2, 3, 4, 5, 6, 7).stream()
                .map(i -> broker.nextDeadLetter(WAIT).orElseThrow())
                .map(letter -> letter.messageId() + ": " + letter.headers().get("reason"))
                .toList();
        assertThat(reasons).containsExactlyInAnyOrder( // two consumers: in any order
                "junk: malformed JSON",
                "null: message_id is required: it is how a message sent twice is handled once",
                "unknown-type: type must be add_batch, allocate or change_batch_quantity",
                "bad-qty: qty must be an integer",
                "unknown-sku: Invalid sku NO-SUCH",
                "huge: body must be at most 65536 bytes",
                "expiring: orderid is required");
        assertThat(http.get("/allocations/o1").statusCode()).isEqualTo(404);
        assertThat(sql.fetch("SELECT message_id FROM inbox").getValues(0, String.class)).containsExactly("fine");
    }

    @Test
    void aDeletedCommandQueueIsDeclaredAgainAndConsumedFrom() throws Exception {
        Http http = startWithBroker();
        http.addBatch("b1", "RUG", 100, null);

        // The broker cancels the service's consumers; before, nothing consumed again until a restart.
        broker.deleteCommandQueues();
        waitUntil(broker::commandQueueExists, "the command queue declared again");
        broker.send("m-after", "{\"type\":\"allocate\",\"orderid\":\"o-after\",\"sku\":\"RUG\",\"qty\":1}");

        waitUntil(() -> http.get("/allocations/o-after").statusCode() == 200, "the command sent afterwards handled");
        assertThat(broker.commandsWaiting()).isZero();
    }

    @Test
    void withoutABrokerNoEventIsWrittenToPublish() {
        Http http = start(Map.of());
        http.addBatch("b1", "LAMP", 10, null);
        http.allocate("o1", "LAMP", 3);

        assertThat(number("SELECT COUNT(*) FROM outbox")).isZero();
        assertThat(number("SELECT COUNT(*) FROM publications")).isZero();
    }

    @Test
    void theStartFailsClearlyWhenTheBrokerCannotBeReached() {
        int closedPort = FreePort.find();
        Map<String, String> env = Map.of("HTTP_PORT", "0", "AMQP_URL", "amqp://guest:secret@127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> AllocationService.start(Settings.with(database, env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach the broker at amqp://127.0.0.1:" + closedPort)
                .message().doesNotContain("secret");
    }

    private void waitUntilNothingWaitsToBePublished() {
        waitUntil(() -> number("SELECT COUNT(*) FROM publications") == 0, "the published event deleted");
    }

    private long number(String query) {
        return ((Number) sql.fetchValue(query)).longValue();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        Facts.await(WAIT, what, condition);
    }
}
