package com.made.allocation.service;

import com.made.allocation.domain.events.Event;
import java.util.Objects;

/**
 * A follow-on message stored in the outbox for one handler: it is durable from the commit that caused it
 * until the handler's own commit marks it done.
 *
 * @param id       the outbox entry
 * @param message  the message to handle
 * @param handler  the name of the handler it is for
 * @param attempts how many times handling it has failed so far
 */
public record Delivery(long id, Event message, String handler, int attempts) {

    public Delivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(handler, "handler");
    }

    /** A message and the handler it is for, before the outbox has given it an id. */
    public record Envelope(Event message, String handler) {
    }
}
