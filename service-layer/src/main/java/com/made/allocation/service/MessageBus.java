package com.made.allocation.service;

import com.made.allocation.domain.events.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a message and everything that follows from it. Each handler runs in a fresh unit of work; the
 * events it causes are stored by its commit as deliveries (one per handler) in the outbox, and then queued
 * here, first in first out, until none is left.
 *
 * <p>Errors: a failure in handling the message the caller sent reaches the caller. A failure in handling a
 * follow-on delivery does not: it is logged, recorded in the outbox and retried later with backoff (see
 * {@link DeliveryPolicy}), and the other deliveries go on. A {@link ConcurrencyConflict} is first retried
 * at once, in a new unit of work, as the {@link RetryPolicy} allows. When the caller's message fails after
 * an earlier handler of it committed, that handler's deliveries stay in the outbox, and the dispatcher
 * handles them once their lease runs out.
 */
public class MessageBus {

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final UnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final RetryPolicy retryPolicy;
    private final Outbox outbox;
    private final DeliveryPolicy deliveryPolicy;
    private final Clock clock;

    public MessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, RetryPolicy retryPolicy,
                      Outbox outbox, DeliveryPolicy deliveryPolicy) {
        this(unitsOfWork, handlers, retryPolicy, outbox, deliveryPolicy, Clock.systemUTC());
    }

    public MessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, RetryPolicy retryPolicy,
                      Outbox outbox, DeliveryPolicy deliveryPolicy, Clock clock) {
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.handlers = Objects.requireNonNull(handlers);
        this.retryPolicy = Objects.requireNonNull(retryPolicy);
        this.outbox = Objects.requireNonNull(outbox);
        this.deliveryPolicy = Objects.requireNonNull(deliveryPolicy);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Handles {@code message} and the events that follow from it.
     *
     * @return the results of every handler that ran, in the order they ran; the first handler of
     *         {@code message} comes first (this is how an entrypoint learns, say, the allocated batch)
     */
    public List<Object> handle(Event message) {
        Deque<Delivery> queue = new ArrayDeque<>();
        List<Object> results = new ArrayList<>();
        for (HandlerRegistry.Named handler : handlers.handlersFor(message)) {
            results.add(runWithRetries(handler, message, null, queue));
        }
        drain(queue, results);
        return results;
    }

    /** Handles one stored delivery (a dispatcher found it due) and the events that follow from it. */
    public void deliver(Delivery delivery) {
        Deque<Delivery> queue = new ArrayDeque<>();
        queue.add(delivery);
        drain(queue, new ArrayList<>());
    }

    /**
     * Where a delivery stored by a handler's commit goes: onto the queue, to be handled in turn. A test
     * double may record it instead, to test one handler in isolation.
     */
    protected void publish(Delivery delivery, Deque<Delivery> queue) {
        queue.add(delivery);
    }

    private void drain(Deque<Delivery> queue, List<Object> results) {
        while (!queue.isEmpty()) {
            Delivery delivery = queue.poll();
            try {
                HandlerRegistry.Named handler = handlers.handler(delivery.message(), delivery.handler())
                        .orElseThrow(() -> new IllegalStateException("no handler named " + delivery.handler()));
                results.add(runWithRetries(handler, delivery.message(), delivery, queue));
            } catch (AlreadyDelivered duplicate) {
                log.debug("Skipped {}: {}", delivery, duplicate.getMessage());
            } catch (RuntimeException failure) {
                recordFailure(delivery, failure);
            }
        }
    }

    private void recordFailure(Delivery delivery, RuntimeException failure) {
        int attempt = delivery.attempts() + 1;
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        try {
            if (deliveryPolicy.isLast(attempt)) {
                outbox.markDead(delivery.id(), error);
                log.error("Handler {} failed on {} (attempt {}), parked as dead: {}", delivery.handler(),
                        delivery.message(), attempt, error);
            } else {
                outbox.scheduleRetry(delivery.id(), error, deliveryPolicy.nextAttempt(attempt, clock.instant()));
                log.warn("Handler {} failed on {} (attempt {}), will retry: {}", delivery.handler(),
                        delivery.message(), attempt, error);
            }
        } catch (RuntimeException unrecorded) {
            // The delivery stays pending and comes back when its lease runs out.
            log.error("Handler {} failed on {} and the failure could not be recorded: {}", delivery.handler(),
                    delivery.message(), unrecorded.getMessage());
        }
    }

    private Object runWithRetries(HandlerRegistry.Named handler, Event message, Delivery delivery,
                                  Deque<Delivery> queue) {
        for (int attempt = 1; ; attempt++) {
            try (UnitOfWork uow = unitsOfWork.start()) {
                uow.routeEventsTo(handlers::handlerNamesFor);
                if (delivery != null) {
                    uow.deliver(delivery);
                }
                Object result = handler.handler().handle(message, uow);
                if (delivery != null) {
                    uow.commit(); // marks the delivery done when the handler itself had nothing to commit
                }
                uow.collectNewDeliveries().forEach(next -> publish(next, queue));
                return result;
            } catch (ConcurrencyConflict conflict) {
                if (attempt >= retryPolicy.maxAttempts()) {
                    log.warn("Gave up on {} after {} attempts: {}", message, attempt, conflict.getMessage());
                    throw conflict;
                }
                Duration pause = retryPolicy.backoffBefore(attempt);
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
