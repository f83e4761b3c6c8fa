package com.made.allocation.service.publishing;

import com.made.allocation.service.outbox.EventMessage;
import java.util.Objects;

/**
 * A stored event to publish, as the relay claims it.
 *
 * @param id       its stored id, also its message id on the wire (the same on every attempt)
 * @param message  what goes to the broker
 * @param attempts how many times the broker refused it so far
 */
public record Publication(long id, EventMessage message, int attempts) {

    public Publication {
        Objects.requireNonNull(message, "message");
    }
}
