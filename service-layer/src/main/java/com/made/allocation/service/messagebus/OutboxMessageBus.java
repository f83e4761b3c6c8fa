package com.made.allocation.service.messagebus;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.handlers.EventHandler;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.outbox.AlreadyDelivered;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.outbox.FailedAttempts;
import com.made.allocation.service.outbox.Inbox;
import com.made.allocation.service.outbox.Outbox;
import com.made.allocation.service.outbox.RetryPolicy;
import com.made.allocation.service.unitofwork.BatchSkus;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import com.made.allocation.service.unitofwork.RequestContext;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message bus: handles a command, then everything that follows from it. A command waits for its turn
 * in its SKU's lane and is handled in one unit of work with the commands queued beside it (a lone command
 * alone); the events it causes are stored by the commit as deliveries (one per event handler) in the outbox,
 * and then handled here, each in a fresh unit of work, first in first out, until none is left.
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
    private final BusMetrics metrics;
    private final CommittedPublications publications;
    private final FailedAttempts failedDeliveries;
    private final ConflictRetries conflicts;
    private final Lanes lanes;

    /** A bus that reports no metrics. */
    public OutboxMessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, Outbox outbox, Inbox inbox,
                            EventFormat published, Retries retries, Clock clock) {
        this(unitsOfWork, handlers, outbox, inbox, published, retries, clock, BusMetrics.NONE, new CommittedPublications());
    }

    /**
     * @param outbox       where failed deliveries are recorded
     * @param inbox        the ids of the messages received and handled before
     * @param published    the form in which the events that other services learn of are stored
     * @param publications where a commit's publications are handed over to the event relay
     */
    public OutboxMessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, Outbox outbox, Inbox inbox,
                            EventFormat published, Retries retries, Clock clock, BusMetrics metrics,
                            CommittedPublications publications) {
        // Grouping.OFF: a single lane, which every command queues in, so none about a batch needs its SKU.
        this(unitsOfWork, handlers, outbox, inbox, published, retries, clock, metrics, publications, Grouping.OFF,
                reference -> Optional.empty());
    }

    /**
     * @param grouping  how commands that queue up share transactions (see {@link Lanes})
     * @param batchSkus where a command about a batch finds the SKU of its lane
     */
    public OutboxMessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, Outbox outbox, Inbox inbox,
                            EventFormat published, Retries retries, Clock clock, BusMetrics metrics,
                            CommittedPublications publications, Grouping grouping, BatchSkus batchSkus) {
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.handlers = Objects.requireNonNull(handlers);
        this.inbox = Objects.requireNonNull(inbox);
        this.published = Objects.requireNonNull(published);
        this.metrics = Objects.requireNonNull(metrics);
        this.publications = Objects.requireNonNull(publications);
        this.failedDeliveries = new FailedAttempts(Objects.requireNonNull(outbox), retries.deliveries(), clock);
        this.conflicts = new ConflictRetries(retries.conflicts(), metrics);
        this.lanes = new Lanes(grouping, batchSkus,
                new CommandTransactions(unitsOfWork, handlers, published, publications, conflicts));
    }

    @Override
    public <R> R handle(Command<R> command) {
        return handleCommand(command, Optional.empty());
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
            handleCommand(command, Optional.of(messageId));
            return true;
        } catch (AlreadyReceived duplicate) {
            log.debug("Skipped {}: {}", command, duplicate.getMessage());
            return false;
        }
    }

    /** How many commands wait in the lanes for their turn, not yet taken into a transaction. */
    public int queuedCommands() {
        return lanes.queued();
    }

    /** Has the command handled in its lane's turn (see {@link Lanes}), then what follows from it. */
    private <R> R handleCommand(Command<R> command, Optional<String> messageId) {
        // Looked up before it queues: a command no handler answers is refused at once.
        PendingCommand<R> pending = new PendingCommand<>(command, handlers.commandHandler(command), messageId,
                RequestContext.requestId());
        R answer = RequestContext.handling(pending.requestId, command.getClass(),
                () -> timed(command, () -> lanes.handle(pending)));
        drain(new ArrayDeque<>(pending.followOns()));
        return answer;
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
            timed(delivery.message(), () -> {
                runDelivery(delivery, handler, queue);
                return null;
            });
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
     * Runs an event's handler in a fresh unit of work, again in a new one after each conflict, as allowed.
     * The deliveries it stores join the queue; its publications are handed over to the relay.
     */
    private void runDelivery(Delivery delivery, EventHandler<Event> handler, Deque<Delivery> queue) {
        conflicts.run(delivery.message(), () -> {
            try (OutboxUnitOfWork uow = unitsOfWork.start()) {
                uow.routeEventsTo(handlers, published);
                uow.deliver(delivery);
                handler.handle(delivery.message(), uow);
                uow.finishDelivery();
                queue.addAll(uow.collectNewDeliveries());
                publications.add(uow.collectNewPublications());
                return null;
            }
        });
    }
}
