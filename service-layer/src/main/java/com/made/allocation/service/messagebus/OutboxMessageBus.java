package com.made.allocation.service.messagebus;

import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.ProductCommand;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.handlers.CommandHandler;
import com.made.allocation.service.handlers.EventHandler;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.outbox.AlreadyDelivered;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.Doorbell;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.outbox.FailedAttempts;
import com.made.allocation.service.outbox.Inbox;
import com.made.allocation.service.outbox.Outbox;
import com.made.allocation.service.outbox.RetryPolicy;
import com.made.allocation.service.publishing.EventRelay;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import com.made.allocation.service.unitofwork.RequestContext;
import com.made.allocation.service.unitofwork.UnitOfWork;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import com.made.allocation.domain.events.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message bus: handles a command, then everything that follows from it. Each handler runs in a fresh
 * unit of work; the events it causes are stored by its commit as deliveries (one per event handler) in the
 * outbox, and then handled here, first in first out, until none is left.
 *
 * <p>Errors: a failure in handling the command reaches its sender. A failure in handling a follow-on
 * delivery does not: it is logged, recorded in the outbox and retried later (see {@link Retries#deliveries()}),
 * and the other deliveries go on. A {@link ConcurrencyConflict} is first retried at once, in a new unit of
 * work (see {@link Retries#conflicts()}).
 */
public final class OutboxMessageBus implements MessageBus {

    private static final Logger log = LoggerFactory.getLogger(OutboxMessageBus.class);

    /**
     * The two retry policies of the bus.
     *
     * @param conflicts  how a handler that lost a race for a product is run again, at once
     * @param deliveries how a follow-on delivery whose handler failed is tried again, later, from the outbox
     */
    public record Retries(RetryPolicy conflicts, RetryPolicy deliveries) {

        /** {@link RetryPolicy#CONFLICTS} and {@link RetryPolicy#DELIVERIES}. */
        public static final Retries DEFAULT = new Retries(RetryPolicy.CONFLICTS, RetryPolicy.DELIVERIES);

        public Retries {
            Objects.requireNonNull(conflicts, "conflicts");
            Objects.requireNonNull(deliveries, "deliveries");
        }

        /** These retries with another policy for conflicts. */
        public Retries withConflicts(RetryPolicy conflicts) {
            return new Retries(conflicts, deliveries);
        }

        /** These retries with another policy for deliveries. */
        public Retries withDeliveries(RetryPolicy deliveries) {
            return new Retries(conflicts, deliveries);
        }
    }

    private final UnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final Inbox inbox;
    private final EventFormat published;
    private final Retries retries;
    private final Clock clock;
    private final BusMetrics metrics;
    private final Doorbell publications;
    private final FailedAttempts failedDeliveries;
    private final GroupCommit groups; // null: every command runs alone

    /** A bus that reports no metrics. */
    public OutboxMessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, Outbox outbox, Inbox inbox,
                            EventFormat published, Retries retries, Clock clock) {
        this(unitsOfWork, handlers, outbox, inbox, published, retries, clock, BusMetrics.NONE, new Doorbell());
    }

    /**
     * @param outbox       where failed deliveries are recorded
     * @param inbox        the ids of the messages received and handled before
     * @param published    the form in which the events that other services learn of are stored
     * @param publications rung after a commit stored publications, for the {@link EventRelay}
     */
    public OutboxMessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, Outbox outbox, Inbox inbox,
                            EventFormat published, Retries retries, Clock clock, BusMetrics metrics,
                            Doorbell publications) {
        this(unitsOfWork, handlers, outbox, inbox, published, retries, clock, metrics, publications, Grouping.OFF);
    }

    /**
     * @param grouping how commands that queue up share transactions (see {@link GroupCommit})
     */
    public OutboxMessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, Outbox outbox, Inbox inbox,
                            EventFormat published, Retries retries, Clock clock, BusMetrics metrics,
                            Doorbell publications, Grouping grouping) {
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.handlers = Objects.requireNonNull(handlers);
        this.inbox = Objects.requireNonNull(inbox);
        this.published = Objects.requireNonNull(published);
        this.retries = Objects.requireNonNull(retries);
        this.clock = Objects.requireNonNull(clock);
        this.metrics = Objects.requireNonNull(metrics);
        this.publications = Objects.requireNonNull(publications);
        this.failedDeliveries = new FailedAttempts(Objects.requireNonNull(outbox), retries.deliveries(), clock);
        this.groups = grouping.max() == 1 ? null : new GroupCommit(grouping.max(), grouping.lanes(), unitsOfWork,
                handlers, published, publications, this::runAlone);
    }

    @Override
    public <R> R handle(Command<R> command) {
        return handleCommand(command, uow -> { });
    }

    @Override
    public boolean handleOnce(String messageId, Command<?> command) {
        Objects.requireNonNull(messageId, "messageId");
        // Looked up first: handled again after later changes, a command may fail (a batch added twice) where
        // it would only be discarded at commit. The commit's own record settles two deliveries side by side.
        if (inbox.wasReceived(messageId)) {
            log.debug("Skipped {}: message {} was handled before", command, messageId);
            return false;
        }
        try {
            handleCommand(command, uow -> uow.receive(messageId));
            return true;
        } catch (AlreadyReceived duplicate) {
            log.debug("Skipped {}: {}", command, duplicate.getMessage());
            return false;
        }
    }

    /**
     * Runs the command's handler ({@code receiving} prepares its unit of work, and its product is loaded
     * with the lines it will look up), with groups in a group with the commands queued beside it, then
     * what follows from it.
     */
    private <R> R handleCommand(Command<R> command, Consumer<OutboxUnitOfWork> receiving) {
        Consumer<OutboxUnitOfWork> handling = receiving.andThen(uow -> loadWithLinesLookedUp(command, uow));
        if (groups != null) {
            var pending = new GroupCommit.Pending<>(command, handling, RequestContext.requestId());
            R answer = RequestContext.handling(pending.requestId, command.getClass(),
                    () -> timed(command, () -> groups.handle(pending)));
            drain(new ArrayDeque<>(pending.followOns()));
            return answer;
        }
        CommandHandler<Command<R>, R> handler = handlers.commandHandler(command);
        Deque<Delivery> queue = new ArrayDeque<>();
        R answer = RequestContext.handling(RequestContext.requestId(), command.getClass(),
                () -> timed(command, () -> runWithRetries(command, handling, queue, uow -> handler.handle(command, uow))));
        drain(queue);
        return answer;
    }

    /**
     * Loads the product of a command that looks up stored order lines, with those lines: one round trip
     * where its handler's {@code get} and the look-up would take two. In a group, its product is loaded
     * already, with them.
     */
    private static void loadWithLinesLookedUp(Command<?> command, OutboxUnitOfWork uow) {
        if (command instanceof ProductCommand<?> aboutProduct && !aboutProduct.ordersLookedUp().isEmpty()) {
            uow.products().getAll(List.of(aboutProduct.sku()), Map.of(aboutProduct.sku(), aboutProduct.ordersLookedUp()));
        }
    }

    /** Runs a command of a group in a unit of work of its own, as without groups, and settles it. */
    private void runAlone(GroupCommit.Pending<?> pending) {
        settleAlone(pending);
    }

    private <R> void settleAlone(GroupCommit.Pending<R> pending) {
        Deque<Delivery> followOns = new ArrayDeque<>();
        CommandHandler<Command<R>, R> handler = handlers.commandHandler(pending.command);
        R answer = runWithRetries(pending.command, pending.handling, followOns,
                uow -> handler.handle(pending.command, uow));
        pending.succeed(answer, List.copyOf(followOns));
    }

    /** Handles one stored delivery (a dispatcher found it due), then the events that follow from it. */
    public void deliver(Delivery delivery) {
        Deque<Delivery> queue = new ArrayDeque<>();
        queue.add(delivery);
        drain(queue);
    }

    private void drain(Deque<Delivery> queue) {
        while (!queue.isEmpty()) {
            Delivery delivery = queue.poll();
            // Logged as the request that caused it, whenever and wherever it is handled.
            RequestContext.handling(Optional.ofNullable(delivery.requestId()), delivery.message().getClass(), () -> {
                handleOne(delivery, queue);
                return null;
            });
        }
    }

    private void handleOne(Delivery delivery, Deque<Delivery> queue) {
        try {
            EventHandler<Event> handler = handlers.eventHandler(delivery.message(), delivery.handler())
                    .orElseThrow(() -> new IllegalStateException("no handler named " + delivery.handler()))
                    .handler();
            timed(delivery.message(), () -> runWithRetries(delivery.message(), uow -> uow.deliver(delivery), queue, uow -> {
                handler.handle(delivery.message(), uow);
                return null;
            }));
            metrics.delivered(delivery.handler(), true);
        } catch (AlreadyDelivered duplicate) {
            log.debug("Skipped {}: {}", delivery, duplicate.getMessage());
        } catch (RuntimeException failure) {
            metrics.delivered(delivery.handler(), false);
            recordFailure(delivery, failure);
        }
    }

    private void recordFailure(Delivery delivery, RuntimeException failure) {
        int attempt = delivery.attempts() + 1;
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        try {
            if (failedDeliveries.record(delivery.id(), attempt, error)) {
                log.error("Handler {} failed on {} (attempt {}), parked as dead: {}", delivery.handler(),
                        delivery.message(), attempt, error);
            } else {
                log.warn("Handler {} failed on {} (attempt {}), will retry: {}", delivery.handler(),
                        delivery.message(), attempt, error);
            }
        } catch (RuntimeException unrecorded) {
            // The delivery stays pending and comes back when its lease runs out.
            log.error("Handler {} failed on {} and the failure could not be recorded: {}", delivery.handler(),
                    delivery.message(), unrecorded.getMessage());
        }
    }

    private <R> R timed(Object message, Supplier<R> handling) {
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            R answer = handling.get();
            succeeded = true;
            return answer;
        } finally {
            metrics.handled(message.getClass().getSimpleName(), Duration.ofNanos(System.nanoTime() - start), succeeded);
        }
    }

    /**
     * Runs a handler in a fresh unit of work, again in a new one after each conflict, as allowed. The
     * deliveries it stores join the queue; its publications are left to the relay, which is woken.
     */
    private <R> R runWithRetries(Object message, Consumer<OutboxUnitOfWork> handling, Deque<Delivery> queue,
                                 Function<UnitOfWork, R> handler) {
        for (int attempt = 1; ; attempt++) {
            try (OutboxUnitOfWork uow = unitsOfWork.start()) {
                uow.routeEventsTo(handlers, published);
                handling.accept(uow);
                R answer = handler.apply(uow);
                uow.finishDelivery();
                queue.addAll(uow.collectNewDeliveries());
                if (uow.collectNewPublications()) {
                    publications.ring();
                }
                return answer;
            } catch (ConcurrencyConflict conflict) {
                if (retries.conflicts().isLast(attempt)) {
                    log.warn("Gave up on {} after {} attempts: {}", message, attempt, conflict.getMessage());
                    metrics.retriesExhausted(message.getClass().getSimpleName());
                    throw conflict;
                }
                metrics.conflictRetried(message.getClass().getSimpleName());
                Duration pause = retries.conflicts().delayAfter(attempt);
                log.debug("Conflict on {} (attempt {}), retrying in {} us", message, attempt, pause.toNanos() / 1000);
                sleep(pause);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis(), (int) (pause.toNanos() % 1_000_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ConcurrencyConflict("interrupted while waiting to retry", interrupted);
        }
    }
}
