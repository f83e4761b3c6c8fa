package com.made.allocation.service.publishing;

import com.made.allocation.service.outbox.AttemptLog;
import java.util.Collection;
import java.util.List;

/**
 * The stored events to publish, outside any unit of work (a unit of work stores them at its commit): what
 * the relay claims, what the broker confirmed, what it refused.
 */
public interface Publications extends AttemptLog {

    /**
     * Up to {@code limit} pending publications that are due, oldest first, each leased: no other caller
     * gets it until the lease runs out. A publication is left out while an earlier one of its ordering key
     * is pending and not claimable with it (leased elsewhere, or waiting for a retry): none overtakes an
     * earlier one of its key. Claims are taken one at a time across instances.
     */
    List<Publication> claim(int limit);

    /**
     * Deletes these publications: the broker confirmed them, and a published event is the broker's to keep.
     * Only what waits to be published (or was refused for good) stays in the table.
     */
    void deletePublished(Collection<Long> ids);

    /** Gives claimed, unpublished publications back: due at once, no attempt counted. */
    void release(Collection<Long> ids);
}
