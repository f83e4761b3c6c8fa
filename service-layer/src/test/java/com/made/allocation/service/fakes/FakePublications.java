package com.made.allocation.service.fakes;

import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.StoredPublication;
import com.made.allocation.service.publishing.Publication;
import com.made.allocation.service.publishing.Publications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The publications in memory, with the status, lease and ordering rules of the real ones, as seen by the
 * instance called {@link #HERE}; a test plays another instance with {@link #claimElsewhere}. Claims, deletes
 * and releases are counted: each is one statement (or transaction) on a database.
 */
public final class FakePublications extends FakeMessageTable<EventMessage> implements Publications {

    public static final String HERE = "here";
    public static final String ELSEWHERE = "elsewhere";

    private final Map<Long, String> holders = new HashMap<>();
    private int claims;
    private int deletes;
    private int releases;

    public FakePublications(Duration lease, Clock clock) {
        super(lease, clock);
    }

    /**
     * Stores messages to publish, due at once, as a commit here does: each follows the latest pending one of
     * its key, and is leased here when that one is leased here too, and its lease runs (or there is none).
     */
    public synchronized List<StoredPublication> store(List<EventMessage> messages) {
        List<StoredPublication> stored = new ArrayList<>();
        for (EventMessage message : messages) {
            Instant now = clock.instant();
            Entry<EventMessage> latest = entries().stream()
                    .filter(entry -> entry.isPending() && entry.message().orderingKey().equals(message.orderingKey()))
                    .reduce((earlier, later) -> later).orElse(null);
            boolean leasedHere = latest == null || (HERE.equals(holders.get(latest.id()))
                    && latest.leasedUntil() != null && latest.leasedUntil().isAfter(now));
            Instant until = leasedHere ? now.plus(lease) : null;
            long id = insertedId(message, until);
            if (leasedHere) {
                holders.put(id, HERE);
            }
            stored.add(new StoredPublication(id, message, latest == null ? null : latest.id(), until));
        }
        return stored;
    }

    /** Stores messages unleased, due at once: as a crash leaves them once their lease ran out. */
    public synchronized void storeUnleased(List<EventMessage> messages) {
        messages.forEach(message -> insertedId(message, null));
    }

    private long insertedId(EventMessage message, Instant leasedUntil) {
        long[] id = new long[1];
        insert(assigned -> {
            id[0] = assigned;
            return message;
        }, leasedUntil);
        return id[0];
    }

    @Override
    public synchronized List<Publication> claim(int limit) {
        claims++;
        return claimAs(HERE, limit);
    }

    /** A claim by another instance: what it takes is leased to it. */
    public synchronized List<Publication> claimElsewhere(int limit) {
        return claimAs(ELSEWHERE, limit);
    }

    private List<Publication> claimAs(String instance, int limit) {
        Instant now = clock.instant();
        Set<String> waiting = new HashSet<>();
        List<Publication> claimed = new ArrayList<>();
        for (Entry<EventMessage> entry : entries()) {
            String key = entry.message().orderingKey();
            if (entry.isPending() && !entry.isDue(now)) {
                waiting.add(key); // leased or waiting for a retry: the later ones of its key wait too
            } else if (claimed.size() < limit && entry.isPending() && !waiting.contains(key)) {
                claimed.add(new Publication(entry.id(), entry.message(), entry.attempts()));
                leased(entry);
                holders.put(entry.id(), instance);
            }
        }
        return claimed;
    }

    @Override
    public synchronized void deletePublished(Collection<Long> ids) {
        deletes++;
        ids.forEach(rows::remove);
    }

    @Override
    public synchronized void release(Collection<Long> ids) {
        releases++;
        for (long id : ids) {
            Entry<EventMessage> entry = rows.get(id);
            if (entry != null && HERE.equals(holders.get(id))) {
                rows.put(id, entry.with(entry.status(), entry.attempts(), entry.due(), null, entry.lastError()));
                holders.remove(id);
            }
        }
    }

    /** The instance that holds (or last held) the lease of this publication; null when none did. */
    public synchronized String holderOf(long id) {
        return holders.get(id);
    }

    /** How many claims this instance made. */
    public synchronized int claims() {
        return claims;
    }

    /** How many times the broker's confirmed publications were deleted: one statement each. */
    public synchronized int deletes() {
        return deletes;
    }

    /** How many times publications were given back: one statement each. */
    public synchronized int releases() {
        return releases;
    }
}
