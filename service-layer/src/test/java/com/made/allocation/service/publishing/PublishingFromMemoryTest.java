package com.made.allocation.service.publishing;

import static com.made.allocation.service.publishing.EventRelayTest.message;
import static com.made.allocation.service.publishing.EventRelayTest.orderOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.service.failures.BrokerUnavailable;
import com.made.allocation.service.fakes.FakeMessageTable.Entry;
import com.made.allocation.service.fakes.FakePublications;
import com.made.allocation.service.fakes.MovingClock;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.RetryPolicy;
import com.made.allocation.service.outbox.StoredPublication;
import com.made.allocation.service.publishing.EventRelayTest.ScriptedBroker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the relay does with the events this instance committed and holds the lease of: it publishes them from
 * memory, each after the one it follows was confirmed, and gives back to the table whatever is uncertain.
 */
class PublishingFromMemoryTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final MovingClock clock = new MovingClock();
    private final FakePublications table = new FakePublications(LEASE, clock);
    private final CommittedPublications committed = new CommittedPublications();
    private final ScriptedBroker broker = new ScriptedBroker();
    private final EventRelay relay = new EventRelay(table, broker,
            new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1)), committed, Duration.ofSeconds(1),
            LEASE, clock);

    /** Stores an allocation of {@code orderid} as a commit here does, without handing it over yet. */
    private StoredPublication stored(String orderid, String sku) {
        return table.store(List.of(message(orderid, sku))).get(0);
    }

    /** Stores it and hands it over, as the bus does after the commit. */
    private StoredPublication commit(String orderid, String sku) {
        StoredPublication publication = stored(orderid, sku);
        committed.add(List.of(publication));
        return publication;
    }

    private Entry<EventMessage> row(StoredPublication publication) {
        return table.entries().stream().filter(entry -> entry.id() == publication.id()).findFirst().orElseThrow();
    }

    private List<String> waiting() {
        return table.entries().stream().map(entry -> orderOf(entry.message())).toList();
    }

    @Test
    void eventsCommittedHereGoOutInWavesInOrderPerSkuAndAreDeletedInOneStatement() {
        commit("a1", "A");
        commit("b1", "B");
        commit("a2", "A");
        commit("a3", "A");

        relay.runOnce();

        assertThat(broker.taken).containsExactly("a1", "b1", "a2", "a3");
        assertThat(broker.batchSizes).containsExactly(2, 1, 1);
        assertThat(waiting()).isEmpty();
        assertThat(table.deletes()).isEqualTo(1);
        assertThat(table.releases()).isZero();
    }

    @Test
    void anEventWaitsForTheOneItFollowsWhenThatOneIsHandedOverLater() {
        StoredPublication first = stored("a1", "A"); // its committing thread is slower to hand it over
        StoredPublication second = commit("a2", "A");

        relay.runOnce();

        assertThat(second.follows()).isEqualTo(first.id());
        assertThat(broker.taken).isEmpty();
        assertThat(row(second).leasedUntil()).as("still leased here, in memory").isNotNull();
        committed.add(List.of(first));
        relay.runOnce();
        assertThat(broker.taken).containsExactly("a1", "a2");
        assertThat(waiting()).isEmpty();
    }

    @Test
    void anEventWhoseFollowedOneNeverComesIsGivenBackAfterAShortWaitAndGoesOutAfterIt() {
        StoredPublication lost = stored("a1", "A"); // committed, never handed over (its commit's answer was lost)
        StoredPublication second = commit("a2", "A");
        relay.runOnce();

        clock.advance(Duration.ofSeconds(2));
        relay.runOnce();

        assertThat(broker.taken).isEmpty();
        assertThat(row(second).leasedUntil()).as("given back to the table").isNull();
        assertThat(row(lost).leasedUntil()).as("still leased here: no one publishes it yet").isNotNull();
        clock.advance(LEASE);
        relay.runOnce();
        assertThat(broker.taken).containsExactly("a1", "a2");
    }

    @Test
    void anEventFollowingOneTheBrokerRefusedIsGivenBackAndGoesOutAfterItsRetry() {
        commit("a1", "A");
        StoredPublication second = commit("a2", "A");
        commit("b1", "B");
        broker.refusedOrders = Set.of("a1");

        relay.runOnce();

        assertThat(broker.taken).containsExactly("b1");
        assertThat(waiting()).containsExactly("a1", "a2");
        assertThat(table.entries().get(0).attempts()).as("the refusal counted, as from a claim").isEqualTo(1);
        assertThat(row(second).leasedUntil()).as("given back, not published").isNull();
        assertThat(row(second).attempts()).isZero();
        broker.refusedOrders = Set.of();
        clock.advance(Duration.ofSeconds(2));
        relay.runOnce();
        assertThat(broker.taken).containsExactly("b1", "a1", "a2");
    }

    @Test
    void anEventRefusedToTheLastAttemptIsParkedAsDeadAndTheRestOfItsSkuGoesOnFromTheTable() {
        commit("a1", "A");
        commit("a2", "A");
        broker.refusedOrders = Set.of("a1");

        relay.runOnce();
        clock.advance(Duration.ofSeconds(2));
        relay.runOnce();

        assertThat(table.entries()).singleElement().satisfies(dead -> {
            assertThat(orderOf(dead.message())).isEqualTo("a1");
            assertThat(dead.status()).isEqualTo("DEAD");
        });
        assertThat(broker.taken).containsExactly("a2");
    }

    @Test
    void anEventFollowingOneThisRelayClaimedGoesFromMemoryOnceTheBrokerConfirmedThatOne() {
        table.storeUnleased(List.of(message("a1", "A"))); // left behind: claimed, leased here
        AtomicBoolean firstWave = new AtomicBoolean(true);
        broker.eachWave = () -> {
            if (firstWave.getAndSet(false)) {
                commit("a2", "A"); // committed while a1 is out: it follows a1, leased here as a1 is
            }
        };

        relay.runOnce();
        relay.runOnce(); // the round its hand-over asked for

        assertThat(broker.taken).containsExactly("a1", "a2");
        assertThat(table.releases()).as("nothing given back: a2 went from memory").isZero();
        assertThat(waiting()).isEmpty();
    }

    @Test
    void anOutcomeIsRememberedForAnEventHandedOverInALaterRound() {
        commit("a1", "A");
        StoredPublication second = stored("a2", "A"); // before a1 is deleted, handed over after
        relay.runOnce();

        committed.add(List.of(second));
        relay.runOnce();

        assertThat(broker.taken).containsExactly("a1", "a2");
        assertThat(table.releases()).isZero();
    }

    @Test
    void anEventWhoseLeaseIsHalfGoneIsGivenBackNotPublished() {
        StoredPublication late = commit("a1", "A");
        clock.advance(LEASE.dividedBy(2)); // the relay was busy elsewhere

        relay.runOnce();

        assertThat(broker.taken).isEmpty();
        assertThat(row(late).leasedUntil()).isNull();
        relay.runOnce();
        assertThat(broker.taken).as("claimed from the table").containsExactly("a1");
    }

    @Test
    void anUnreachableBrokerHasEverythingInMemoryGivenBackInOneStatementAndPublishedInOrderOnceBack() {
        commit("a1", "A");
        commit("a2", "A");
        commit("b1", "B");
        broker.down = true;

        assertThatThrownBy(relay::runOnce).isInstanceOf(BrokerUnavailable.class);

        assertThat(table.entries()).hasSize(3).allSatisfy(entry -> {
            assertThat(entry.leasedUntil()).isNull();
            assertThat(entry.attempts()).isZero();
        });
        assertThat(table.releases()).isEqualTo(1);
        broker.down = false;
        relay.runOnce();
        assertThat(broker.taken).containsExactly("a1", "b1", "a2");
        assertThat(waiting()).isEmpty();
    }

    @Test
    void roundsOfEventsCommittedHereClaimNothing() throws InterruptedException {
        whileRunning(() -> {
            commit("a1", "A");
            awaitFact(() -> broker.taken.size() == 1, "a1 published");
            commit("a2", "A");
            commit("b1", "B");
            awaitFact(() -> broker.taken.size() == 3, "a2 and b1 published");

            assertThat(table.claims()).as("claims besides the one at start").isEqualTo(1);
            assertThat(waiting()).isEmpty();
        });
    }

    @Test
    void anEventStoredUnleasedAsksForAClaimAtOnce() throws InterruptedException {
        whileRunning(() -> {
            table.storeUnleased(List.of(message("a1", "A"))); // left by a crash, nothing handed over
            StoredPublication behind = commit("a2", "A");
            assertThat(behind.leasedHere()).as("behind one that is not leased here").isFalse();

            awaitFact(() -> broker.taken.size() == 2, "both published, an hour before the next poll");
            assertThat(broker.taken).containsExactly("a1", "a2");
        });
    }

    private interface Scenario {
        void run() throws InterruptedException;
    }

    /** Runs the scenario with the relay on its own thread, polling once an hour, after its claim at start. */
    private void whileRunning(Scenario scenario) throws InterruptedException {
        EventRelay running = new EventRelay(table, broker, RetryPolicy.DELIVERIES, committed, Duration.ofHours(1),
                LEASE, clock);
        running.start();
        try {
            awaitFact(() -> table.claims() == 1, "the claim at start");
            scenario.run();
        } finally {
            running.close();
        }
    }

    private static void awaitFact(java.util.function.BooleanSupplier fact, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!fact.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5); // paces the poll of a fact, orders nothing
        }
    }
}
