package com.made.allocation.service.handlers;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.unitofwork.UnitOfWork;

/**
 * A use case that follows from a kind of event, inside the unit of work the bus gives it. Several may follow
 * one event type; each runs on its own, from the outbox. A handler that changes products commits the unit
 * of work itself.
 *
 * @param <E> the event type it follows
 */
@FunctionalInterface
public interface EventHandler<E extends Event> {

    /** Handles {@code event}. */
    void handle(E event, UnitOfWork uow);
}
