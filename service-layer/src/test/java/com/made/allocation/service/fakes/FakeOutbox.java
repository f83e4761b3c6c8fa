package com.made.allocation.service.fakes;

import com.made.allocation.service.AlreadyDelivered;
import com.made.allocation.service.Delivery;
import com.made.allocation.service.Delivery.Envelope;
import com.made.allocation.service.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An outbox in memory, with the status rules of the real one. Not thread-safe, like the other fakes. */
public final class FakeOutbox implements Outbox {

    /** One stored entry, as a test sees it. */
    public record Entry(Delivery delivery, String status, int attempts, Instant due, String lastError) {
    }

    private final Map<Long, Entry> entries = new TreeMap<>();
    private final Duration lease;
    private final Clock clock;
    private long nextId = 1;

    public FakeOutbox(Duration lease, Clock clock) {
        this.lease = lease;
        this.clock = clock;
    }

    /** Stores the envelopes as pending deliveries, leased for the in-process handling that follows. */
    public List<Delivery> store(List<Envelope> outgoing) {
        List<Delivery> stored = new ArrayList<>();
        for (Envelope envelope : outgoing) {
            Delivery delivery = new Delivery(nextId++, envelope.message(), envelope.handler(), 0, envelope.requestId());
            entries.put(delivery.id(), new Entry(delivery, "PENDING", 0, clock.instant().plus(lease), null));
            stored.add(delivery);
        }
        return stored;
    }

    /** Marks a pending delivery done. @throws AlreadyDelivered when it is not pending */
    public void markDone(Delivery delivery) {
        Entry entry = entries.get(delivery.id());
        if (entry == null || !entry.status().equals("PENDING")) {
            throw new AlreadyDelivered(delivery.id());
        }
        entries.put(delivery.id(), new Entry(entry.delivery(), "DONE", entry.attempts() + 1, entry.due(), entry.lastError()));
    }

    /** Every entry, oldest first. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public List<Delivery> claimDue(int limit) {
        Instant now = clock.instant();
        List<Delivery> due = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (due.size() < limit && entry.status().equals("PENDING") && !entry.due().isAfter(now)) {
                due.add(new Delivery(entry.delivery().id(), entry.delivery().message(), entry.delivery().handler(),
                        entry.attempts(), entry.delivery().requestId()));
                entries.put(entry.delivery().id(), new Entry(entry.delivery(), "PENDING", entry.attempts(),
                        now.plus(lease), entry.lastError()));
            }
        }
        return due;
    }

    @Override
    public void scheduleRetry(long id, String error, Instant nextAttempt) {
        Entry entry = entries.get(id);
        entries.put(id, new Entry(entry.delivery(), "PENDING", entry.attempts() + 1, nextAttempt, error));
    }

    @Override
    public void markDead(long id, String error) {
        Entry entry = entries.get(id);
        entries.put(id, new Entry(entry.delivery(), "DEAD", entry.attempts() + 1, entry.due(), error));
    }

    @Override
    public int purgeDoneBefore(Instant cutoff) {
        int before = entries.size();
        entries.values().removeIf(entry -> entry.status().equals("DONE") && entry.due().isBefore(cutoff));
        return before - entries.size();
    }

    @Override
    public Report report(int deadLimit) {
        Map<String, Long> counts = new LinkedHashMap<>();
        entries.values().forEach(entry -> counts.merge(entry.status(), 1L, Long::sum));
        Optional<Duration> oldest = entries.values().stream().filter(entry -> entry.status().equals("PENDING"))
                .map(entry -> entry.due()).min(Comparator.naturalOrder())
                .map(due -> Duration.between(due, clock.instant()));
        List<DeadEntry> dead = entries.values().stream().filter(entry -> entry.status().equals("DEAD")).limit(deadLimit)
                .map(entry -> new DeadEntry(entry.delivery().id(), entry.delivery().message().getClass().getSimpleName(),
                        entry.delivery().message().toString(), entry.delivery().handler(), entry.attempts(),
                        entry.lastError(), entry.due()))
                .toList();
        return new Report(counts, oldest, dead);
    }

    @Override
    public boolean redrive(long id) {
        Entry entry = entries.get(id);
        if (entry == null || !entry.status().equals("DEAD")) {
            return false;
        }
        entries.put(id, new Entry(entry.delivery(), "PENDING", 0, clock.instant(), entry.lastError()));
        return true;
    }
}
