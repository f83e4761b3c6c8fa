package com.made.allocation.service.outbox;

import java.time.Instant;
import java.util.List;

/**
 * The stored deliveries of follow-on messages to handlers here, outside any unit of work: what is due and
 * what failed. Units of work add deliveries and mark them done; this port does the rest.
 */
public interface Outbox extends AttemptLog {

    /**
     * Up to {@code limit} pending deliveries whose time has come, oldest first. Each is leased: no other
     * caller gets it again until the lease runs out, so several instances can share one outbox.
     */
    List<Delivery> claimDue(int limit);

    /** Deletes deliveries done before {@code cutoff}; returns how many. */
    int purgeDoneBefore(Instant cutoff);
}
