package com.made.allocation.service.fakes;

import com.made.allocation.service.AlreadyDelivered;
import com.made.allocation.service.Delivery;
import com.made.allocation.service.Delivery.Envelope;
import com.made.allocation.service.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import com.made.allocation.service.AlreadyReceived;
import com.made.allocation.service.HandlerRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
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
    private final Map<Long, String> orderingKeys = new HashMap<>();
    private final Set<String> inbox = new HashSet<>();
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
            // Events to publish are the relay's, due at once; the rest are leased to the bus that stored them.
            Instant due = HandlerRegistry.isPublication(delivery) ? clock.instant() : clock.instant().plus(lease);
            entries.put(delivery.id(), new Entry(delivery, "PENDING", 0, due, null));
            if (envelope.orderingKey() != null) {
                orderingKeys.put(delivery.id(), envelope.orderingKey());
            }
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

    /** Records a received message id. @throws AlreadyReceived when it was recorded before */
    public void receive(String messageId) {
        if (!inbox.add(messageId)) {
            throw new AlreadyReceived(messageId);
        }
    }

    @Override
    public boolean wasReceived(String messageId) {
        return inbox.contains(messageId);
    }

    /** Every entry, oldest first. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public List<Delivery> claimDue(int limit) {
        return claim(limit, entry -> !HandlerRegistry.isPublication(entry.delivery()));
    }

    @Override
    public List<Delivery> claimPublications(int limit) {
        Instant now = clock.instant();
        Set<String> waiting = new HashSet<>();
        return claim(limit, entry -> {
            if (!HandlerRegistry.isPublication(entry.delivery())) {
                return false;
            }
            String key = orderingKeys.get(entry.delivery().id());
            if (entry.status().equals("PENDING") && entry.due().isAfter(now)) {
                waiting.add(key); // leased or waiting for a retry: the later ones of its key wait too
                return false;
            }
            return !waiting.contains(key);
        });
    }

    @Override
    public void markPublished(Collection<Long> ids) {
        for (long id : ids) {
            Entry entry = entries.get(id);
            if (entry.status().equals("PENDING")) {
                entries.put(id, new Entry(entry.delivery(), "DONE", entry.attempts() + 1, entry.due(), entry.lastError()));
            }
        }
    }

    @Override
    public void release(Collection<Long> ids) {
        for (long id : ids) {
            Entry entry = entries.get(id);
            entries.put(id, new Entry(entry.delivery(), entry.status(), entry.attempts(), clock.instant(),
                    entry.lastError()));
        }
    }

    private List<Delivery> claim(int limit, Predicate<Entry> wanted) {
        Instant now = clock.instant();
        List<Delivery> due = new ArrayList<>();
        for (Entry entry : List.copyOf(entries.values())) {
            if (due.size() < limit && wanted.test(entry) && entry.status().equals("PENDING")
                    && !entry.due().isAfter(now)) {
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
