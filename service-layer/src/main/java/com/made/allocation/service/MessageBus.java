package com.made.allocation.service;

import com.made.allocation.domain.events.Event;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a message and everything that follows from it. A FIFO queue starts with the incoming message;
 * the bus pops the oldest, runs each of its handlers in a fresh unit of work, and after each handler
 * appends the events that unit of work collected. It stops when the queue is empty.
 *
 * <p>A handler that hits a {@link ConcurrencyConflict} is run again in a new unit of work, as the
 * {@link RetryPolicy} allows. Any other exception, and a conflict that outlives the retries, stops the
 * handling and reaches the caller.
 */
public class MessageBus {

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final UnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final RetryPolicy retryPolicy;

    public MessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, RetryPolicy retryPolicy) {
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.handlers = Objects.requireNonNull(handlers);
        this.retryPolicy = Objects.requireNonNull(retryPolicy);
    }

    /**
     * Handles {@code message} and the events that follow from it.
     *
     * @return the results of every handler that ran, in the order they ran; the first handler of
     *         {@code message} comes first (this is how an entrypoint learns, say, the allocated batch)
     */
    public List<Object> handle(Event message) {
        Deque<Event> queue = new ArrayDeque<>();
        queue.add(message);
        List<Object> results = new ArrayList<>();
        while (!queue.isEmpty()) {
            Event next = queue.poll();
            for (Handler<Event> handler : handlers.handlersFor(next)) {
                results.add(runWithRetries(handler, next, queue));
            }
        }
        return results;
    }

    /**
     * Where an event collected after a handler goes: onto the queue, to be handled in turn. A test double
     * may record it instead, to test one handler in isolation.
     */
    protected void publish(Event event, Deque<Event> queue) {
        queue.add(event);
    }

    private Object runWithRetries(Handler<Event> handler, Event message, Deque<Event> queue) {
        for (int attempt = 1; ; attempt++) {
            try (UnitOfWork uow = unitsOfWork.start()) {
                Object result = handler.handle(message, uow);
                uow.collectNewEvents().forEach(event -> publish(event, queue));
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
