package com.made.allocation.service.fakes;

import com.made.allocation.service.outbox.AttemptLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Stored messages in memory with the status rules of the real tables: pending, then done or dead; a retry
 * time and a lease, due when both have passed. Each method holds the table's lock: a bus's callers may
 * use it from their own threads.
 *
 * @param <M> what a row holds
 */
public abstract class FakeMessageTable<M> implements AttemptLog {

    /** One stored message, as a test sees it. */
    public record Entry<M>(long id, M message, String status, int attempts, Instant due, Instant leasedUntil,
                           String lastError) {

        Entry<M> with(String newStatus, int newAttempts, Instant newDue, Instant newLease, String error) {
            return new Entry<>(id, message, newStatus, newAttempts, newDue, newLease, error);
        }

        boolean isPending() {
            return status.equals("PENDING");
        }

        boolean isDue(Instant now) {
            return isPending() && !due.isAfter(now) && (leasedUntil == null || !leasedUntil.isAfter(now));
        }
    }

    protected final Map<Long, Entry<M>> rows = new TreeMap<>();
    protected final Duration lease;
    protected final Clock clock;
    private long nextId = 1;

    protected FakeMessageTable(Duration lease, Clock clock) {
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Stores a pending message, due now, leased until {@code leasedUntil} (null: not leased).
     *
     * @param withId the message, given the id it is stored under
     */
    protected synchronized M insert(LongFunction<M> withId, Instant leasedUntil) {
        long id = nextId++;
        M message = withId.apply(id);
        rows.put(id, new Entry<>(id, message, "PENDING", 0, clock.instant(), leasedUntil, null));
        return message;
    }

    /** Leases a claimed row to its claimer. */
    protected synchronized void leased(Entry<M> entry) {
        rows.put(entry.id(), entry.with("PENDING", entry.attempts(), entry.due(), clock.instant().plus(lease),
                entry.lastError()));
    }

    /** Marks a pending row done; false when it was not pending. */
    protected synchronized boolean markDone(long id) {
        Entry<M> entry = rows.get(id);
        if (entry == null || !entry.isPending()) {
            return false;
        }
        rows.put(id, entry.with("DONE", entry.attempts() + 1, entry.due(), null, entry.lastError()));
        return true;
    }

    /** Every row, oldest first. */
    public synchronized List<Entry<M>> entries() {
        return List.copyOf(rows.values());
    }

    @Override
    public synchronized void scheduleRetry(long id, String error, Instant nextAttempt) {
        Entry<M> entry = rows.get(id);
        if (entry.isPending()) {
            rows.put(id, entry.with("PENDING", entry.attempts() + 1, nextAttempt, null, error));
        }
    }

    @Override
    public synchronized void markDead(long id, String error) {
        Entry<M> entry = rows.get(id);
        if (entry.isPending()) {
            rows.put(id, entry.with("DEAD", entry.attempts() + 1, entry.due(), null, error));
        }
    }

    /** Makes a dead row pending again, due now; false when it is not dead. */
    public synchronized boolean redrive(long id) {
        Entry<M> entry = rows.get(id);
        if (entry == null || !entry.status().equals("DEAD")) {
            return false;
        }
        rows.put(id, entry.with("PENDING", 0, clock.instant(), null, entry.lastError()));
        return true;
    }

    /** Deletes the rows done before {@code cutoff}; returns how many. */
    protected synchronized int purgeDoneBefore(Instant cutoff) {
        int before = rows.size();
        rows.values().removeIf(entry -> entry.status().equals("DONE") && entry.due().isBefore(cutoff));
        return before - rows.size();
    }
}
