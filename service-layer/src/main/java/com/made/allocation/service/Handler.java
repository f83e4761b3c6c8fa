package com.made.allocation.service;

import com.made.allocation.domain.events.Event;

/**
 * One use case: handles one kind of message inside the unit of work the bus gives it. A handler that
 * changes products commits the unit of work itself.
 *
 * @param <M> the message type it handles
 */
@FunctionalInterface
public interface Handler<M extends Event> {

    /** Handles {@code message}; the result (may be {@code null}) is returned to whoever sent it to the bus. */
    Object handle(M message, UnitOfWork uow);
}
