package com.made.allocation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.Delivery.Envelope;
import com.made.allocation.service.fakes.FakeOutbox;
import com.made.allocation.service.fakes.FakeOutbox.Entry;
import com.made.allocation.service.fakes.FakeProductRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bus's own rules, with test messages and a unit of work that handlers can raise events into. */
class MessageBusTest {

    record Ping(String name) implements Event {
    }

    record Pong(String name) implements Event {
    }

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final FakeOutbox outbox = new FakeOutbox(Duration.ofSeconds(30), clock);

    /** A unit of work whose handlers raise events directly, and that can fail its commits. */
    final class ScriptedUnitOfWork extends AbstractUnitOfWork {
        final List<Event> raised = new ArrayList<>();
        final ProductRepository products = new FakeProductRepository(new HashMap<>());
        final boolean conflictOnCommit;
        boolean closed;

        ScriptedUnitOfWork(boolean conflictOnCommit) {
            this.conflictOnCommit = conflictOnCommit;
        }

        @Override
        public ProductRepository products() {
            return products;
        }

        @Override
        protected List<Delivery> doCommit(List<Envelope> outgoing, Optional<Delivery> done) {
            if (conflictOnCommit) {
                throw new ConcurrencyConflict("stale");
            }
            done.ifPresent(outbox::markDone);
            return outbox.store(outgoing);
        }

        @Override
        public void rollback() {
        }

        @Override
        public List<Event> collectNewEvents() {
            List<Event> events = List.copyOf(raised);
            raised.clear();
            return events;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<ScriptedUnitOfWork> started = new ArrayList<>();
    private int conflictsToCause;
    private final List<String> handled = new ArrayList<>();

    private final UnitOfWorkFactory uows = () -> {
        ScriptedUnitOfWork uow = new ScriptedUnitOfWork(conflictsToCause-- > 0);
        started.add(uow);
        return uow;
    };

    private MessageBus bus(HandlerRegistry registry, RetryPolicy retries) {
        return new MessageBus(uows, registry, retries, outbox, new DeliveryPolicy(3, Duration.ofSeconds(1),
                Duration.ofSeconds(60)), clock);
    }

    private Handler<Ping> pingRaising(String suffix, Event... events) {
        return (message, uow) -> {
            handled.add(message.name() + suffix);
            ((ScriptedUnitOfWork) uow).raised.addAll(List.of(events));
            uow.commit();
            return message.name() + suffix;
        };
    }

    private <M extends Event> Handler<M> recording(java.util.function.Function<M, String> name, Event... events) {
        return (message, uow) -> {
            handled.add(name.apply(message));
            ((ScriptedUnitOfWork) uow).raised.addAll(List.of(events));
            return name.apply(message);
        };
    }

    @Test
    void handlesFollowOnEventsInFifoOrderAfterEachHandler() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping1", pingRaising("/1", new Pong("B"), new Pong("C")))
                .on(Ping.class, "ping2", pingRaising("/2", new Pong("D")))
                .on(Pong.class, "pong", (message, uow) -> {
                    handled.add(message.name());
                    if (message.name().equals("B")) {
                        ((ScriptedUnitOfWork) uow).raised.add(new Pong("E"));
                    }
                    return message.name();
                });

        List<Object> results = bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        // A's two handlers run first; their events B, C, D queue up in order; E, raised by B, comes last
        assertThat(handled).containsExactly("A/1", "A/2", "B", "C", "D", "E");
        assertThat(results).containsExactly("A/1", "A/2", "B", "C", "D", "E");
    }

    @Test
    void eachFollowOnEventIsStoredOncePerHandlerAndMarkedDone() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping", pingRaising("", new Pong("B")))
                .on(Pong.class, "first", recording(Pong::name))
                .on(Pong.class, "second", recording(pong -> pong.name() + "'"));

        bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(handled).containsExactly("A", "B", "B'");
        assertThat(outbox.entries()).extracting(entry -> entry.delivery().handler() + "=" + entry.status())
                .containsExactly("first=DONE", "second=DONE");
    }

    @Test
    void eachHandlerRunsInAFreshUnitOfWorkThatIsClosed() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping", pingRaising("", new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(started).hasSize(2).allMatch(uow -> uow.closed);
    }

    @Test
    void eachEventIsDeliveredOnce() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping", pingRaising("", new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        MessageBus bus = bus(registry, RetryPolicy.noRetries());

        bus.handle(new Ping("A"));
        bus.handle(new Ping("A2"));

        assertThat(handled).containsExactly("A", "B", "A2", "B");
    }

    @Test
    void aDeliveryAlreadyDoneIsNotHandledAgain() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping", pingRaising("", new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        MessageBus bus = bus(registry, RetryPolicy.noRetries());
        bus.handle(new Ping("A"));
        Delivery done = outbox.entries().get(0).delivery();

        bus.deliver(done);

        assertThat(handled).containsExactly("A", "B", "B"); // the handler ran, but its commit was refused
        assertThat(outbox.entries()).singleElement().extracting(Entry::status).isEqualTo("DONE");
    }

    @Test
    void aMessageWithoutHandlersIsDropped() {
        assertThat(bus(new HandlerRegistry(), RetryPolicy.noRetries()).handle(new Ping("A"))).isEmpty();
    }

    @Test
    void retriesAConflictInAFreshUnitOfWorkAndDropsTheEventsOfFailedAttempts() {
        conflictsToCause = 2;
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping", pingRaising("", new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));

        List<Object> results = bus(registry, new RetryPolicy(3, Duration.ZERO, Duration.ZERO)).handle(new Ping("A"));

        assertThat(results).containsExactly("A", "B");
        assertThat(handled).containsExactly("A", "A", "A", "B");
        assertThat(started).hasSize(4).allMatch(uow -> uow.closed);
        assertThat(outbox.entries()).hasSize(1);
    }

    @Test
    void aConflictThatOutlivesTheRetriesReachesTheCaller() {
        conflictsToCause = 3;
        HandlerRegistry registry = new HandlerRegistry().on(Ping.class, "ping", pingRaising("", new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        MessageBus bus = bus(registry, new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(1)));

        assertThatThrownBy(() -> bus.handle(new Ping("A"))).isInstanceOf(ConcurrencyConflict.class);
        assertThat(handled).containsExactly("A", "A", "A");
        assertThat(outbox.entries()).isEmpty();
    }

    @Test
    void aFailureOfTheCallersMessageReachesTheCallerUnretried() {
        HandlerRegistry registry = new HandlerRegistry().on(Ping.class, "ping", (message, uow) -> {
            handled.add(message.name());
            throw new IllegalStateException("boom");
        });

        assertThatThrownBy(() -> bus(registry, new RetryPolicy(5, Duration.ZERO, Duration.ZERO)).handle(new Ping("A")))
                .hasMessage("boom");
        assertThat(handled).containsExactly("A");
        assertThat(started).singleElement().matches(uow -> uow.closed);
    }

    @Test
    void aFailingFollowOnHandlerIsIsolatedAndScheduledForRetry() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping", pingRaising("", new Pong("B"), new Pong("C")))
                .on(Pong.class, "broken", (message, uow) -> {
                    throw new IllegalStateException("mail server down");
                })
                .on(Pong.class, "fine", recording(Pong::name));

        List<Object> results = bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(results).containsExactly("A", "B", "C");
        assertThat(handled).containsExactly("A", "B", "C");
        List<Entry> entries = outbox.entries();
        assertThat(entries).extracting(entry -> entry.delivery().handler() + "=" + entry.status())
                .containsExactly("broken=PENDING", "fine=DONE", "broken=PENDING", "fine=DONE");
        Entry failed = entries.get(0);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("IllegalStateException: mail server down");
        // first retry after half to all of the 1 s base delay
        assertThat(failed.due()).isBetween(NOW.plusMillis(500), NOW.plusMillis(1000));
    }

    @Test
    void aDeliveryThatFailsItsLastAttemptIsParkedAsDead() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, "ping", pingRaising("", new Pong("B")))
                .on(Pong.class, "broken", (message, uow) -> {
                    throw new IllegalStateException("always");
                });
        MessageBus bus = bus(registry, RetryPolicy.noRetries());
        bus.handle(new Ping("A"));
        Delivery stored = outbox.entries().get(0).delivery();

        bus.deliver(new Delivery(stored.id(), stored.message(), stored.handler(), 1));
        assertThat(outbox.entries().get(0).status()).isEqualTo("PENDING");
        bus.deliver(new Delivery(stored.id(), stored.message(), stored.handler(), 2));

        assertThat(outbox.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo("DEAD");
            assertThat(entry.attempts()).isEqualTo(3);
            assertThat(entry.lastError()).contains("always");
        });
        assertThat(outbox.report(10).dead()).singleElement().extracting(Outbox.DeadEntry::handler).isEqualTo("broken");
        assertThat(outbox.redrive(stored.id())).isTrue();
        assertThat(outbox.entries().get(0).status()).isEqualTo("PENDING");
    }

    @Test
    void backoffStaysWithinItsGrowingCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(2), Duration.ofMillis(10));
        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoffBefore(1)).isBetween(Duration.ZERO, Duration.ofMillis(2));
            assertThat(policy.backoffBefore(2)).isBetween(Duration.ZERO, Duration.ofMillis(4));
            assertThat(policy.backoffBefore(9)).isBetween(Duration.ZERO, Duration.ofMillis(10));
        }
    }

    @Test
    void deliveryBackoffDoublesWithJitterUpToItsCap() {
        DeliveryPolicy policy = new DeliveryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(10));
        for (int i = 0; i < 200; i++) {
            assertThat(policy.nextAttempt(1, NOW)).isBetween(NOW.plusMillis(500), NOW.plusMillis(1000));
            assertThat(policy.nextAttempt(3, NOW)).isBetween(NOW.plusMillis(2000), NOW.plusMillis(4000));
            assertThat(policy.nextAttempt(7, NOW)).isBetween(NOW.plusMillis(5000), NOW.plusMillis(10000));
        }
        assertThat(policy.isLast(7)).isFalse();
        assertThat(policy.isLast(8)).isTrue();
    }
}
