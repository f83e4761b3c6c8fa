package com.made.allocation.service.outbox;

import com.made.allocation.domain.events.Event;
import java.util.Objects;

/**
 * A follow-on message stored in the outbox for one handler: it is durable from the commit that caused it
 * until the handler's own commit marks it done.
 *
 * @param id        the outbox entry
 * @param message   the message to handle
 * @param handler   the name of the handler it is for
 * @param attempts  how many times handling it has failed so far
 * @param requestId the request that caused it, or null when none did
 */
public record Delivery(long id, Event message, String handler, int attempts, String requestId) {

    public Delivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(handler, "handler");
    }

    /** A delivery caused by no request. */
    public Delivery(long id, Event message, String handler, int attempts) {
        this(id, message, handler, attempts, null);
    }

    /**
     * A message and the handler it is for, before the outbox has given it an id.
     *
     * @param requestId the request that caused it, or null when none did
     */
    public record Envelope(Event message, String handler, String requestId) {

        /** An envelope caused by no request. */
        public Envelope(Event message, String handler) {
            this(message, handler, null);
        }
    }
}
