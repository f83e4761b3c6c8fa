package com.made.allocation.service;

import java.time.Instant;
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

    /** Marks these publications done: the broker confirmed them. */
    void markPublished(Collection<Long> ids);

    /** Gives claimed, unpublished publications back: due at once, no attempt counted. */
    void release(Collection<Long> ids);

    /** Deletes publications done before {@code cutoff}; returns how many. */
    int purgePublishedBefore(Instant cutoff);
}
