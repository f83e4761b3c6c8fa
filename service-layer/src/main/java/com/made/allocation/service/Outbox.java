package com.made.allocation.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored follow-on messages, outside any unit of work: what is due, what failed, what is dead. Units
 * of work add deliveries and mark them done; this port does the rest.
 */
public interface Outbox {

    /**
     * Up to {@code limit} pending deliveries whose time has come, oldest first. Each is leased: no other
     * caller gets it again until the lease runs out, so several instances can share one outbox.
     */
    List<Delivery> claimDue(int limit);

    /**
     * Up to {@code limit} pending events to publish whose time has come, oldest first, leased like
     * {@link #claimDue(int)}'s. An event is left out while an earlier one of its ordering key is pending
     * and not claimable with it (leased elsewhere, or waiting for a retry): no event overtakes an earlier one
     * of its key. Claims are taken one at a time across instances.
     */
    List<Delivery> claimPublications(int limit);

    /** Whether a message with this id was received and handled (its handling committed). */
    boolean wasReceived(String messageId);

    /** Marks these pending events done: the broker confirmed them. */
    void markPublished(Collection<Long> ids);

    /** Gives claimed, unpublished events back: due at once, no attempt counted. */
    void release(Collection<Long> ids);

    /** Records a failed attempt; the delivery is due again at {@code nextAttempt}. */
    void scheduleRetry(long id, String error, Instant nextAttempt);

    /** Records a last failed attempt: the delivery is parked as dead, kept and visible, until redriven. */
    void markDead(long id, String error);

    /** Deletes deliveries done before {@code cutoff}, and received message ids recorded before it; returns how many deliveries. */
    int purgeDoneBefore(Instant cutoff);

    /** What the outbox holds, for operators; lists at most {@code deadLimit} dead entries. */
    Report report(int deadLimit);

    /** Makes a dead delivery pending again, due now, with its attempts reset; false when it is not dead. */
    boolean redrive(long id);

    /** Counts by status, the age of the oldest pending entry, and the dead entries. */
    record Report(Map<String, Long> countsByStatus, Optional<Duration> oldestPendingAge, List<DeadEntry> dead) {
    }

    /** A parked delivery and why it failed. */
    record DeadEntry(long id, String messageType, String message, String handler, int attempts, String lastError,
                     Instant failedAt) {
    }
}
