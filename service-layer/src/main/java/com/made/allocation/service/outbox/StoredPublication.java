package com.made.allocation.service.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * A publication as the commit that stored it tells the instance that committed it: whether it was leased
 * to this instance at once, so that it can be published straight from memory, and what it must not overtake.
 *
 * @param id          its stored id, also its message id on the wire
 * @param message     what goes to the broker
 * @param follows     the id of the latest pending publication of its ordering key when it was stored, or null
 *                    when there was none: it goes out only after that one
 * @param leasedUntil until when it is leased to this instance (no other instance claims it meanwhile), or null
 *                    when it was stored unleased, for a claim
 */
public record StoredPublication(long id, EventMessage message, Long follows, Instant leasedUntil) {

    public StoredPublication {
        Objects.requireNonNull(message, "message");
    }

    /** Whether it was leased to this instance as it was stored. */
    public boolean leasedHere() {
        return leasedUntil != null;
    }
}
