package com.made.allocation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.fakes.FakeProductRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bus's own rules, with test messages and a unit of work that handlers can raise events into. */
class MessageBusTest {

    record Ping(String name) implements Event {
    }

    record Pong(String name) implements Event {
    }

    /** A unit of work whose handlers raise events directly, and that can fail its commits. */
    static final class ScriptedUnitOfWork implements UnitOfWork {
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
        public void commit() {
            if (conflictOnCommit) {
                throw new ConcurrencyConflict("stale");
            }
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

    private Handler<Ping> pingRaising(String suffix, Event... events) {
        return (message, uow) -> {
            handled.add(message.name() + suffix);
            ((ScriptedUnitOfWork) uow).raised.addAll(List.of(events));
            uow.commit();
            return message.name() + suffix;
        };
    }

    private Handler<Pong> pongRaising(Event... events) {
        return (message, uow) -> {
            handled.add(message.name());
            ((ScriptedUnitOfWork) uow).raised.addAll(List.of(events));
            return message.name();
        };
    }

    @Test
    void handlesFollowOnEventsInFifoOrderAfterEachHandler() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, pingRaising("/1", new Pong("B"), new Pong("C")))
                .on(Ping.class, pingRaising("/2", new Pong("D")))
                .on(Pong.class, (message, uow) -> {
                    handled.add(message.name());
                    if (message.name().equals("B")) {
                        ((ScriptedUnitOfWork) uow).raised.add(new Pong("E"));
                    }
                    return message.name();
                });
        MessageBus bus = new MessageBus(uows, registry, RetryPolicy.noRetries());

        List<Object> results = bus.handle(new Ping("A"));

        // A's two handlers run first; their events B, C, D queue up in order; E, raised by B, comes last
        assertThat(handled).containsExactly("A/1", "A/2", "B", "C", "D", "E");
        assertThat(results).containsExactly("A/1", "A/2", "B", "C", "D", "E");
    }

    @Test
    void eachHandlerRunsInAFreshUnitOfWorkThatIsClosed() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, pingRaising("", new Pong("B")))
                .on(Pong.class, pongRaising());
        new MessageBus(uows, registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(started).hasSize(2).allMatch(uow -> uow.closed);
    }

    @Test
    void eachEventIsDeliveredOnce() {
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, pingRaising("", new Pong("B")))
                .on(Pong.class, pongRaising());
        MessageBus bus = new MessageBus(uows, registry, RetryPolicy.noRetries());

        bus.handle(new Ping("A"));
        bus.handle(new Ping("A2"));

        assertThat(handled).containsExactly("A", "B", "A2", "B");
    }

    @Test
    void aMessageWithoutHandlersIsDropped() {
        MessageBus bus = new MessageBus(uows, new HandlerRegistry(), RetryPolicy.noRetries());
        assertThat(bus.handle(new Ping("A"))).isEmpty();
    }

    @Test
    void retriesAConflictInAFreshUnitOfWorkAndDropsTheEventsOfFailedAttempts() {
        conflictsToCause = 2;
        HandlerRegistry registry = new HandlerRegistry()
                .on(Ping.class, pingRaising("", new Pong("B")))
                .on(Pong.class, pongRaising());
        MessageBus bus = new MessageBus(uows, registry, new RetryPolicy(3, Duration.ZERO, Duration.ZERO));

        List<Object> results = bus.handle(new Ping("A"));

        assertThat(results).containsExactly("A", "B");
        assertThat(handled).containsExactly("A", "A", "A", "B");
        assertThat(started).hasSize(4).allMatch(uow -> uow.closed);
    }

    @Test
    void aConflictThatOutlivesTheRetriesReachesTheCaller() {
        conflictsToCause = 3;
        HandlerRegistry registry = new HandlerRegistry().on(Ping.class, pingRaising("", new Pong("B")))
                .on(Pong.class, pongRaising());
        MessageBus bus = new MessageBus(uows, registry, new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(1)));

        assertThatThrownBy(() -> bus.handle(new Ping("A"))).isInstanceOf(ConcurrencyConflict.class);
        assertThat(handled).containsExactly("A", "A", "A");
    }

    @Test
    void otherErrorsAreNotRetried() {
        HandlerRegistry registry = new HandlerRegistry().on(Ping.class, (message, uow) -> {
            handled.add(message.name());
            throw new IllegalStateException("boom");
        });
        MessageBus bus = new MessageBus(uows, registry, new RetryPolicy(5, Duration.ZERO, Duration.ZERO));

        assertThatThrownBy(() -> bus.handle(new Ping("A"))).hasMessage("boom");
        assertThat(handled).containsExactly("A");
        assertThat(started).singleElement().matches(uow -> uow.closed);
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
}
