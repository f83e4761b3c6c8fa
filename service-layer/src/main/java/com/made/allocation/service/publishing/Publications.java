package com.made.allocation.service.publishing;

import com.made.allocation.service.outbox.AttemptLog;
import java.util.Collection;
import java.util.List;

/**
 * The stored events to publish, outside any unit of work (a unit of work stores them at its commit, leased
 * to its instance when no earlier pending event of their key is another's): what the relay claims, what the
 * broker confirmed, what it refused, what it gives back.
 */
public interface Publications extends AttemptLog {

    /**
     * Up to {@code limit} pending publications that are due, oldest first, each leased to this instance: no
     * other caller gets it until the lease runs out. A publication is left out while an earlier one of its ordering key
     * is pending and not claimable with it (leased elsewhere, or waiting for a retry): none overtakes an
     * earlier one of its key. Claims are taken one at a time across instances.
     */
    List<Publication> claim(int limit);

    /**
     * Deletes these publications: the broker confirmed them, and a published event is the broker's to keep.
     * Only what waits to be published (or was refused for good) stays in the table.
     */
    void deletePublished(Collection<Long> ids);

    /**
     * Gives back publications leased to this instance and not published: due at once, no attempt counted.
     * One whose lease ran out and that another instance claimed meanwhile stays that instance's.
     */
    void release(Collection<Long> ids);
}
