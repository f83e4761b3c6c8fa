package com.made.allocation.service.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.service.failures.BrokerUnavailable;
import com.made.allocation.service.fakes.FakeMessageTable.Entry;
import com.made.allocation.service.fakes.FakePublications;
import com.made.allocation.service.fakes.MovingClock;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventRelayTest {

    /** A broker that records what it took, refuses some order ids, and can be down. */
    static final class ScriptedBroker implements EventPublisher {
        final List<String> taken = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        volatile Set<String> refusedOrders = Set.of();
        volatile boolean down;
        volatile Runnable eachWave = () -> { };

        @Override
        public Map<Long, String> publish(List<Publication> events) {
            if (down) {
                throw new BrokerUnavailable("connection refused", null);
            }
            batchSizes.add(events.size());
            eachWave.run();
            Map<Long, String> refused = new HashMap<>();
            for (Publication event : events) {
                String orderid = orderOf(event.message());
                if (refusedOrders.contains(orderid)) {
                    refused.put(event.id(), "NO_ROUTE");
                } else {
                    taken.add(orderid);
                }
            }
            return refused;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final FakePublications outbox = new FakePublications(Duration.ofSeconds(30), clock);
    private final ScriptedBroker broker = new ScriptedBroker();
    private final EventRelay relay = new EventRelay(outbox, broker,
            new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1)), new CommittedPublications(),
            Duration.ofSeconds(1), Duration.ofSeconds(30), clock);

    /**
     * A publication waiting in the table for a claim, whose body is its order id: as another instance
     * stores it behind one of its key that is not its own, or as a crash leaves it once the lease ran out.
     */
    private void committed(String orderid, String sku) {
        outbox.storeUnleased(List.of(message(orderid, sku)));
    }

    static EventMessage message(String orderid, String sku) {
        return new EventMessage("allocated", "allocated." + sku, sku, orderid.getBytes(StandardCharsets.UTF_8));
    }

    static String orderOf(EventMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private List<String> statuses() {
        return outbox.entries().stream().map(entry -> orderOf(entry.message()) + " " + entry.status()).toList();
    }

    @Test
    void publishesTheFirstEventOfEachSkuThenTheNextAndDeletesTheConfirmed() {
        committed("a1", "A");
        committed("b1", "B");
        committed("a2", "A");
        committed("a3", "A");

        assertThat(relay.runOnce()).isEqualTo(4);

        assertThat(broker.taken).containsExactly("a1", "b1", "a2", "a3");
        assertThat(broker.batchSizes).containsExactly(2, 1, 1);
        assertThat(statuses()).as("the confirmed are deleted").isEmpty();
        assertThat(outbox.deletes()).as("in one statement").isEqualTo(1);
    }

    @Test
    void aRefusedEventHoldsBackTheLaterOnesOfItsSkuUntilItIsPublished() {
        committed("a1", "A");
        committed("b1", "B");
        committed("a2", "A");
        broker.refusedOrders = Set.of("a1");

        relay.runOnce();

        assertThat(broker.taken).containsExactly("b1");
        assertThat(statuses()).containsExactly("a1 PENDING", "a2 PENDING");
        assertThat(outbox.entries().get(0).attempts()).isEqualTo(1);
        assertThat(outbox.entries().get(1).attempts()).isZero();

        assertThat(relay.runOnce()).isZero(); // a2 waits for a1's retry
        broker.refusedOrders = Set.of();
        clock.advance(Duration.ofSeconds(2));
        relay.runOnce();

        assertThat(broker.taken).containsExactly("b1", "a1", "a2");
        assertThat(statuses()).isEmpty();
    }

    @Test
    void anEventRefusedToTheLastAttemptIsParkedAsDeadAndTheRestOfItsSkuGoesOn() {
        committed("a1", "A");
        committed("a2", "A");
        broker.refusedOrders = Set.of("a1");

        relay.runOnce();
        clock.advance(Duration.ofSeconds(2));
        relay.runOnce();

        Entry<EventMessage> dead = outbox.entries().get(0);
        assertThat(dead.status()).isEqualTo("DEAD");
        assertThat(dead.lastError()).isEqualTo("NO_ROUTE");
        assertThat(broker.taken).containsExactly("a2");
    }

    @Test
    void anUnreachableBrokerCountsNoAttemptAndEverythingGoesOutOnceItIsBack() {
        committed("a1", "A");
        committed("a2", "A");
        broker.down = true;

        assertThatThrownBy(relay::runOnce).isInstanceOf(BrokerUnavailable.class);

        assertThat(outbox.entries()).allSatisfy(entry -> {
            assertThat(entry.status()).isEqualTo("PENDING");
            assertThat(entry.attempts()).isZero();
            assertThat(entry.leasedUntil()).isNull(); // given back, not left to its lease
        });
        broker.down = false;
        relay.runOnce();
        assertThat(broker.taken).containsExactly("a1", "a2");
    }

    @Test
    void aBatchThatTakesHalfItsLeaseGivesTheRestBackBeforeAnotherInstanceCouldTakeIt() {
        committed("a1", "A");
        committed("a2", "A");
        committed("a3", "A");
        broker.eachWave = () -> clock.advance(Duration.ofSeconds(16)); // a slow broker: 16 s per wave

        relay.runOnce();

        assertThat(broker.taken).containsExactly("a1");
        assertThat(statuses()).containsExactly("a2 PENDING", "a3 PENDING");
        assertThat(outbox.entries().get(0).leasedUntil()).isNull(); // given back, due at once
        assertThat(outbox.entries().get(0).attempts()).isZero();
    }

    @Test
    void anEventLeasedElsewhereHoldsBackTheLaterOnesOfItsSku() {
        committed("a1", "A");
        List<Publication> claimedElsewhere = outbox.claimElsewhere(10);
        committed("a2", "A");
        committed("b1", "B");

        relay.runOnce();

        assertThat(claimedElsewhere).hasSize(1);
        assertThat(broker.taken).containsExactly("b1");
    }

    @Test
    void closingPublishesWhatWasCommittedSinceTheLastRound() throws InterruptedException {
        EventRelay idle = new EventRelay(outbox, broker, RetryPolicy.DELIVERIES, new CommittedPublications(),
                Duration.ofHours(1), Duration.ofSeconds(30), clock);
        committed("first", "A");
        idle.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (broker.taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        committed("last", "A"); // nothing handed over: the running relay would look again only in an hour

        idle.close();

        assertThat(broker.taken).containsExactly("first", "last");
        assertThat(statuses()).isEmpty();
    }
}
