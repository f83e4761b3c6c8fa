package com.made.allocation.service.publishing;

import com.made.allocation.service.outbox.StoredPublication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events this instance committed with their lease already set, published straight from memory: no
 * claim, no lease to write, one delete for all that the broker confirmed in a round. Each key's events go
 * in id order, in waves as a claim's do, and an event goes only when the one it follows (the latest pending
 * one of its key when it was stored) was confirmed by this relay, or there was none. Whatever is uncertain
 * is given back to the table, whose claims keep the order: an event whose predecessor was refused or given
 * back, or has not come after a short wait, and one whose lease is half gone (another instance takes it
 * over once the lease ends: it must not go out from here too).
 */
final class LeasedEvents {

    private static final Logger log = LoggerFactory.getLogger(LeasedEvents.class);
    // A committing thread hands its events over right after its commit: a predecessor not here by then
    // is not coming (its commit failed to answer, say), and its follower takes the table's way.
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

    private enum Decision { PUBLISH, GIVE_BACK, WAIT }

    private record Held(StoredPublication event, Instant arrived) {
        Publication publication() {
            return new Publication(event.id(), event.message(), 0);
        }
    }

    private final TreeMap<Long, Held> held = new TreeMap<>(); // by id: in commit order within each key
    private final List<Long> givingBack = new ArrayList<>();
    private final Publications publications;
    private final WavePublisher waves;
    private final Outcomes outcomes;
    private final Duration lease;
    private final Duration longestWait;
    private final Clock clock;

    LeasedEvents(Publications publications, WavePublisher waves, Outcomes outcomes, Duration lease, Clock clock) {
        this.publications = publications;
        this.waves = waves;
        this.outcomes = outcomes;
        this.lease = lease;
        this.longestWait = LONGEST_WAIT.compareTo(lease.dividedBy(4)) < 0 ? LONGEST_WAIT : lease.dividedBy(4);
        this.clock = clock;
    }

    void add(Collection<StoredPublication> arrived) {
        Instant now = clock.instant();
        arrived.forEach(event -> held.put(event.id(), new Held(event, now)));
    }

    /** Whether events wait in memory for the one they follow. */
    boolean isWaiting() {
        return !held.isEmpty();
    }

    /** How long an event waits for the one it follows, at most: the relay looks again by then. */
    Duration longestWait() {
        return longestWait;
    }

    /**
     * What a round did: {@code sent} events went to the broker, {@code givenBack} were given back to the table.
     */
    record Round(int sent, int givenBack) {
    }

    /**
     * Publishes what can go, wave after wave; then deletes the confirmed in one statement, and gives back in
     * one more what cannot go. Events still waiting for the one they follow stay for the next round.
     */
    Round publish() {
        Map<String, Deque<Held>> byKey = new LinkedHashMap<>();
        held.values().forEach(event -> byKey.computeIfAbsent(event.event().message().orderingKey(),
                key -> new ArrayDeque<>()).add(event));
        List<Long> confirmed = new ArrayList<>();
        int sent = 0;
        try {
            for (List<Publication> wave = nextWave(byKey); !wave.isEmpty(); wave = nextWave(byKey)) {
                sent += wave.size();
                try {
                    confirmed.addAll(waves.publish(wave).confirmed());
                } catch (RuntimeException unsettled) {
                    wave.forEach(event -> giveBackLater(event.id())); // see giveBackAll
                    throw unsettled;
                }
            }
        } finally {
            if (!confirmed.isEmpty()) {
                publications.deletePublished(confirmed);
            }
        }
        int givenBack = givingBack.size();
        flushGivenBack();
        return new Round(sent, givenBack);
    }

    /**
     * Gives back everything in memory, in one statement: the broker is away (or a round failed), and claims
     * will publish it in order later. If the database cannot take it either, the leases run out by themselves.
     */
    void giveBackAll() {
        held.keySet().forEach(this::giveBackLater);
        held.clear();
        int count = givingBack.size();
        try {
            flushGivenBack();
        } catch (RuntimeException failed) {
            log.warn("Could not give back {} events, they go out once their leases ran out: {}",
                    count, failed.getMessage());
        }
    }

    private void giveBackLater(long id) {
        givingBack.add(id);
        outcomes.notConfirmed(id);
    }

    private void flushGivenBack() {
        if (givingBack.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(givingBack);
        givingBack.clear();
        publications.release(ids);
    }

    /** The first event of each key that can go now; those before it that cannot are given back. */
    private List<Publication> nextWave(Map<String, Deque<Held>> byKey) {
        Instant now = clock.instant(); // time passes wave after wave: leases are checked at each
        List<Publication> wave = new ArrayList<>();
        for (Iterator<Deque<Held>> keys = byKey.values().iterator(); keys.hasNext(); ) {
            Deque<Held> queue = keys.next();
            Held next = firstToPublish(queue, now);
            if (next == null) {
                keys.remove(); // done for this round: empty, or its first waits for the one it follows
            } else {
                wave.add(next.publication());
            }
        }
        return wave;
    }

    private Held firstToPublish(Deque<Held> queue, Instant now) {
        while (!queue.isEmpty()) {
            Held first = queue.peekFirst();
            Decision decision = decide(first, now);
            if (decision == Decision.WAIT) {
                return null;
            }
            queue.pollFirst();
            held.remove(first.event().id());
            if (decision == Decision.PUBLISH) {
                return first;
            }
            giveBackLater(first.event().id());
        }
        return null;
    }

    private Decision decide(Held candidate, Instant now) {
        StoredPublication event = candidate.event();
        if (Duration.between(now, event.leasedUntil()).compareTo(lease.dividedBy(2)) <= 0) {
            return Decision.GIVE_BACK; // its lease may end while it is out: another instance would publish it too
        }
        if (event.follows() == null) {
            return Decision.PUBLISH;
        }
        return outcomes.of(event.follows())
                .map(confirmed -> confirmed ? Decision.PUBLISH : Decision.GIVE_BACK)
                .orElseGet(() -> Duration.between(candidate.arrived(), now).compareTo(longestWait) < 0
                        ? Decision.WAIT : Decision.GIVE_BACK);
    }
}
