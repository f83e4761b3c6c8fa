package com.made.allocation.service.messagebus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.fakes.FakeMessageTable.Entry;
import com.made.allocation.service.fakes.FakeOutbox;
import com.made.allocation.service.fakes.FakeProductRepository;
import com.made.allocation.service.fakes.FakePublications;
import com.made.allocation.service.fakes.TextEventFormat;
import com.made.allocation.service.handlers.CommandHandler;
import com.made.allocation.service.handlers.EventHandler;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.outbox.Delivery.Envelope;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.StoredPublication;
import com.made.allocation.service.outbox.RetryPolicy;
import com.made.allocation.service.unitofwork.AbstractUnitOfWork;
import com.made.allocation.service.unitofwork.ProductRepository;
import com.made.allocation.service.unitofwork.RequestContext;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The bus's own rules, with test messages and units of work that handlers can raise events into. */
class MessageBusTest {

    record Ping(String name) implements Command<String> {
    }

    record Pong(String name) implements Event {
    }

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final FakeOutbox outbox = new FakeOutbox(Duration.ofSeconds(30), clock);
    private final FakePublications publications = new FakePublications(Duration.ofSeconds(30), clock);

    /** A unit of work whose handlers raise events directly, and that can fail its commits. */
    static final class ScriptedUnitOfWork extends AbstractUnitOfWork {
        final List<Event> raised = new ArrayList<>();
        final ProductRepository products = new FakeProductRepository(new HashMap<>());
        private final FakeOutbox outbox;
        private final FakePublications publications;
        private final boolean conflictOnCommit;
        boolean closed;

        ScriptedUnitOfWork(FakeOutbox outbox, FakePublications publications, boolean conflictOnCommit) {
            this.outbox = outbox;
            this.publications = publications;
            this.conflictOnCommit = conflictOnCommit;
        }

        @Override
        public ProductRepository products() {
            return products;
        }

        @Override
        protected Stored doCommit(List<Event> events, List<Envelope> deliveries,
                                  List<EventMessage> published, Optional<Delivery> done,
                                  List<String> received) {
            if (conflictOnCommit) {
                throw new ConcurrencyConflict("stale");
            }
            done.ifPresent(outbox::markDone);
            received.forEach(outbox::receive);
            List<StoredPublication> stored = publications.store(published);
            return new Stored(outbox.store(deliveries), stored);
        }

        @Override
        public void rollback() {
        }

        @Override
        protected List<Event> pullRecordedEvents() {
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
        ScriptedUnitOfWork uow = new ScriptedUnitOfWork(outbox, publications, conflictsToCause-- > 0);
        started.add(uow);
        return uow;
    };

    private OutboxMessageBus bus(HandlerRegistry registry, RetryPolicy conflicts) {
        return new OutboxMessageBus(uows, registry, outbox, outbox, new TextEventFormat(),
                new Retries(conflicts, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60))), clock);
    }

    /** The unit of work the running handler was given: the bus starts one per handler, in turn. */
    private ScriptedUnitOfWork current() {
        return started.get(started.size() - 1);
    }

    private CommandHandler<Ping, String> pingRaising(Event... events) {
        return (command, uow) -> {
            handled.add(command.name());
            current().raised.addAll(List.of(events));
            uow.commit();
            return command.name() + "!";
        };
    }

    private EventHandler<Pong> recording(Function<Pong, String> name, Event... events) {
        return (event, uow) -> {
            handled.add(name.apply(event));
            current().raised.addAll(List.of(events));
            uow.commit();
        };
    }

    @Test
    void answersWithTheCommandHandlersAnswerAndHandlesFollowOnEventsInFifoOrder() {
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B"), new Pong("C"), new Pong("D")))
                .on(Pong.class, "pong", (event, uow) -> {
                    handled.add(event.name());
                    if (event.name().equals("B")) {
                        current().raised.add(new Pong("E"));
                    }
                    uow.commit();
                });

        String answer = bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        // A first; its events B, C, D queue up in order; E, raised by B, comes last
        assertThat(answer).isEqualTo("A!");
        assertThat(handled).containsExactly("A", "B", "C", "D", "E");
    }

    @Test
    void aMessageReceivedTwiceIsHandledOnce() {
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, pingRaising());
        OutboxMessageBus bus = bus(registry, RetryPolicy.noRetries());

        assertThat(bus.handleOnce("m-1", new Ping("A"))).isTrue();
        assertThat(bus.handleOnce("m-1", new Ping("A"))).isFalse();
        assertThat(bus.handleOnce("m-2", new Ping("B"))).isTrue();

        assertThat(handled).containsExactly("A", "B");
    }

    @Test
    void aMessageHandledBeforeIsNotHandledAgainEvenWhereHandlingItAgainWouldFail() {
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, (command, uow) -> {
            if (handled.contains(command.name())) {
                throw new IllegalStateException(command.name() + " is there already"); // a batch added twice
            }
            handled.add(command.name());
            uow.commit();
            return "added";
        });
        OutboxMessageBus bus = bus(registry, RetryPolicy.noRetries());
        bus.handleOnce("m-1", new Ping("batch-1"));

        assertThat(bus.handleOnce("m-1", new Ping("batch-1"))).isFalse(); // redelivered: its ack was lost
        assertThat(handled).containsExactly("batch-1");
    }

    @Test
    void twoDeliveriesOfOneMessageSideBySideAreSettledByTheCommit() {
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, (command, uow) -> {
            handled.add(command.name());
            outbox.receive("m-1"); // the other delivery of m-1, looked up at the same time, commits first
            uow.commit();
            return "too late";
        });

        assertThat(bus(registry, RetryPolicy.noRetries()).handleOnce("m-1", new Ping("A"))).isFalse();
        assertThat(outbox.entries()).isEmpty();
    }

    @Test
    void aReceivedMessageWhoseHandlerDidNotCommitIsStillRecorded() {
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, (command, uow) -> {
            handled.add(command.name());
            return "no changes";
        });
        OutboxMessageBus bus = bus(registry, RetryPolicy.noRetries());

        assertThat(bus.handleOnce("m-1", new Ping("A"))).isTrue();
        assertThat(bus.handleOnce("m-1", new Ping("A"))).isFalse();
    }

    @Test
    void eventsToPublishAreHandedOverToTheRelayWhichIsWoken() throws InterruptedException {
        CommittedPublications committed = new CommittedPublications();
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name))
                .publish(Pong.class, Pong::name);
        OutboxMessageBus bus = new OutboxMessageBus(uows, registry, outbox, outbox, new TextEventFormat(),
                Retries.DEFAULT.withConflicts(RetryPolicy.noRetries()), clock, BusMetrics.NONE, committed);

        bus.handle(new Ping("A"));

        assertThat(handled).containsExactly("A", "B");
        assertThat(outbox.entries()).extracting(entry -> entry.message().handler() + " " + entry.status())
                .containsExactly("pong DONE");
        assertThat(publications.entries()).singleElement().satisfies(published -> {
            assertThat(published.status()).isEqualTo("PENDING");
            assertThat(published.message().routingKey()).isEqualTo("pong.B");
        });
        assertThat(committed.await(Duration.ZERO)).isTrue();
        assertThat(committed.await(Duration.ZERO)).isFalse(); // one hand-over wakes the relay once
        assertThat(committed.take().leased()).as("leased to this instance, for the relay to publish from memory")
                .singleElement().satisfies(handed -> {
                    assertThat(handed.id()).isEqualTo(publications.entries().get(0).id());
                    assertThat(handed.message().routingKey()).isEqualTo("pong.B");
                });
    }

    @Test
    void eachFollowOnEventIsStoredOncePerHandlerAndMarkedDone() {
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "first", recording(Pong::name))
                .on(Pong.class, "second", recording(pong -> pong.name() + "'"));

        bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(handled).containsExactly("A", "B", "B'");
        assertThat(outbox.entries()).extracting(entry -> entry.message().handler() + "=" + entry.status())
                .containsExactly("first=DONE", "second=DONE");
    }

    @Test
    void aHandlerThatDoesNotCommitHasItsDeliveryMarkedDoneByACommitOfItsOwn() {
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "reader", (event, uow) -> handled.add(event.name()));

        bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(handled).containsExactly("A", "B");
        assertThat(outbox.entries()).singleElement().extracting(Entry::status).isEqualTo("DONE");
    }

    @Test
    void eachHandlerRunsInAFreshUnitOfWorkThatIsClosed() {
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(started).hasSize(2).allMatch(uow -> uow.closed);
    }

    @Test
    void eachEventIsDeliveredOnce() {
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        MessageBus bus = bus(registry, RetryPolicy.noRetries());

        bus.handle(new Ping("A"));
        bus.handle(new Ping("A2"));

        assertThat(handled).containsExactly("A", "B", "A2", "B");
    }

    @Test
    void aDeliveryAlreadyDoneIsNotHandledAgain() {
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        OutboxMessageBus bus = bus(registry, RetryPolicy.noRetries());
        bus.handle(new Ping("A"));
        Delivery done = outbox.entries().get(0).message();

        bus.deliver(done);

        assertThat(handled).containsExactly("A", "B", "B"); // the handler ran, but its commit was refused
        assertThat(outbox.entries()).singleElement().extracting(Entry::status).isEqualTo("DONE");
    }

    @Test
    void aCommandWithoutAHandlerIsRefused() {
        assertThatThrownBy(() -> bus(new HandlerRegistry(), RetryPolicy.noRetries()).handle(new Ping("A")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no handler for Ping");
        assertThat(started).isEmpty();
    }

    @Test
    void aCommandHasOneHandler() {
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, pingRaising());
        assertThatThrownBy(() -> registry.handle(Ping.class, pingRaising()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEventWithoutHandlersIsNotStored() {
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, pingRaising(new Pong("B")));

        bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"));

        assertThat(outbox.entries()).isEmpty();
    }

    @Test
    void retriesAConflictInAFreshUnitOfWorkAndDropsTheEventsOfFailedAttempts() {
        conflictsToCause = 2;
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));

        String answer = bus(registry, new RetryPolicy(3, Duration.ZERO, Duration.ZERO)).handle(new Ping("A"));

        assertThat(answer).isEqualTo("A!");
        assertThat(handled).containsExactly("A", "A", "A", "B");
        assertThat(started).hasSize(4).allMatch(uow -> uow.closed);
        assertThat(outbox.entries()).hasSize(1);
    }

    @Test
    void withGroupsACallersInterruptFailsNoCommandThatItRunsAndIsKeptForTheCaller() {
        conflictsToCause = 1;
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, pingRaising());
        MessageBus bus = new OutboxMessageBus(uows, registry, outbox, outbox, new TextEventFormat(),
                new Retries(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)),
                        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60))),
                clock, BusMetrics.NONE, new CommittedPublications(), new Grouping(8, 1), reference -> java.util.Optional.empty());

        // The caller that takes the turn runs what is queued, its own command and others': none of them may
        // fail because this caller was interrupted (here, the conflict's pause before the retry).
        Thread.currentThread().interrupt();
        try {
            assertThat(bus.handle(new Ping("A"))).isEqualTo("A!");
            assertThat(Thread.currentThread().isInterrupted()).as("the caller is still told").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(handled).containsExactly("A", "A");
    }

    @Test
    void aConflictThatOutlivesTheRetriesReachesTheCaller() {
        conflictsToCause = 3;
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "pong", recording(Pong::name));
        MessageBus bus = bus(registry, new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(1)));

        assertThatThrownBy(() -> bus.handle(new Ping("A"))).isInstanceOf(ConcurrencyConflict.class);
        assertThat(handled).containsExactly("A", "A", "A");
        assertThat(outbox.entries()).isEmpty();
    }

    @Test
    void aFailureOfTheCommandReachesTheCallerUnretried() {
        HandlerRegistry registry = new HandlerRegistry().handle(Ping.class, (command, uow) -> {
            handled.add(command.name());
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
                .handle(Ping.class, pingRaising(new Pong("B"), new Pong("C")))
                .on(Pong.class, "broken", (event, uow) -> {
                    throw new IllegalStateException("mail server down");
                })
                .on(Pong.class, "fine", recording(Pong::name));

        assertThat(bus(registry, RetryPolicy.noRetries()).handle(new Ping("A"))).isEqualTo("A!");

        assertThat(handled).containsExactly("A", "B", "C");
        List<Entry<Delivery>> entries = outbox.entries();
        assertThat(entries).extracting(entry -> entry.message().handler() + "=" + entry.status())
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
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "broken", (event, uow) -> {
                    throw new IllegalStateException("always");
                });
        OutboxMessageBus bus = bus(registry, RetryPolicy.noRetries());
        bus.handle(new Ping("A"));
        Delivery stored = outbox.entries().get(0).message();

        bus.deliver(new Delivery(stored.id(), stored.message(), stored.handler(), 1));
        assertThat(outbox.entries().get(0).status()).isEqualTo("PENDING");
        bus.deliver(new Delivery(stored.id(), stored.message(), stored.handler(), 2));

        assertThat(outbox.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo("DEAD");
            assertThat(entry.attempts()).isEqualTo(3);
            assertThat(entry.lastError()).contains("always");
        });
    }

    @Test
    void followOnMessagesAreHandledAsTheRequestThatCausedThem() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "broken", (event, uow) -> {
                    seen.add(RequestContext.requestId().orElse("none") + " " + org.slf4j.MDC.get(RequestContext.MESSAGE_TYPE));
                    throw new IllegalStateException("later");
                });
        OutboxMessageBus bus = bus(registry, RetryPolicy.noRetries());
        RequestContext.begin("req-1");
        try {
            bus.handle(new Ping("A"));
        } finally {
            RequestContext.clear();
        }
        Delivery stored = outbox.entries().get(0).message();
        assertThat(stored.requestId()).isEqualTo("req-1");

        // later, on a dispatcher's thread that works for no request
        Thread dispatcher = new Thread(() -> bus.deliver(stored));
        dispatcher.start();
        dispatcher.join();

        assertThat(seen).containsExactly("req-1 Pong", "req-1 Pong");
        assertThat(RequestContext.requestId()).isEmpty();
    }

    @Test
    void theBusReportsWhatItDid() {
        List<String> reported = new ArrayList<>();
        BusMetrics metrics = new BusMetrics() {
            @Override
            public void handled(String messageType, Duration took, boolean succeeded) {
                reported.add("handled " + messageType + " " + succeeded);
            }

            @Override
            public void conflictRetried(String messageType) {
                reported.add("retried " + messageType);
            }

            @Override
            public void retriesExhausted(String messageType) {
                reported.add("exhausted " + messageType);
            }

            @Override
            public void delivered(String handler, boolean succeeded) {
                reported.add("delivered " + handler + " " + succeeded);
            }
        };
        HandlerRegistry registry = new HandlerRegistry()
                .handle(Ping.class, pingRaising(new Pong("B")))
                .on(Pong.class, "fine", recording(Pong::name))
                .on(Pong.class, "broken", (event, uow) -> {
                    throw new IllegalStateException("down");
                });
        OutboxMessageBus bus = new OutboxMessageBus(uows, registry, outbox, outbox, new TextEventFormat(),
                Retries.DEFAULT.withConflicts(new RetryPolicy(2, Duration.ZERO, Duration.ZERO)), clock, metrics, new CommittedPublications());

        conflictsToCause = 1;
        bus.handle(new Ping("A"));
        conflictsToCause = 2;
        assertThatThrownBy(() -> bus.handle(new Ping("A2"))).isInstanceOf(ConcurrencyConflict.class);

        assertThat(reported).containsExactly("retried Ping", "handled Ping true",
                "handled Pong true", "delivered fine true", "handled Pong false", "delivered broken false",
                "retried Ping", "exhausted Ping", "handled Ping false");
    }

    @Test
    void delaysDoubleWithJitterUpToTheirCap() {
        RetryPolicy policy = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(10));
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayAfter(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(policy.delayAfter(3)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
            assertThat(policy.delayAfter(7)).isBetween(Duration.ofMillis(5000), Duration.ofMillis(10000));
        }
        assertThat(policy.isLast(7)).isFalse();
        assertThat(policy.isLast(8)).isTrue();
    }

    @Test
    void aLargerFirstDelayRaisesTheCapWithIt() {
        assertThat(RetryPolicy.DELIVERIES.withBaseDelay(Duration.ofHours(1)).maxDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(RetryPolicy.DELIVERIES.withBaseDelay(Duration.ofSeconds(5)).maxDelay())
                .isEqualTo(RetryPolicy.DELIVERIES.maxDelay());
    }
}
