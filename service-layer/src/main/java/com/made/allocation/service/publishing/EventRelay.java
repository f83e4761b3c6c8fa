package com.made.allocation.service.publishing;

import com.made.allocation.service.failures.BrokerUnavailable;
import com.made.allocation.service.outbox.Doorbell;
import com.made.allocation.service.outbox.FailedAttempts;
import com.made.allocation.service.outbox.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the stored publications to other services, off the path of any request: it claims a batch,
 * ships the bytes each was stored with, and deletes what the broker confirmed, all in one go. Events of
 * one ordering key (a SKU) go out in the order they were committed: a batch is published in waves, the n-th
 * event of each key in the n-th wave, and once the broker refuses an event, the later ones of its key wait
 * for it.
 *
 * <p>It publishes whenever the bus rings its bell (20 ms later, to gather what commits meanwhile), and
 * every poll interval (for events that other instances left, or that are due again).
 *
 * <p>A refused event is retried with its retry policy's backoff and parked as dead in the end; the events
 * of its key after it then go on. A broker that cannot be reached counts as no attempt: everything waits, and
 * goes out once it is back.
 */
public final class EventRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
    private static final int BATCH = 500;
    // After the bell, what else commits in this time goes out in the same batch: a claim and a mark per
    // batch instead of per event, for 20 ms more latency at most.
    private static final Duration LINGER = Duration.ofMillis(20);

    private final Publications publications;
    private final EventPublisher publisher;
    private final FailedAttempts refusals;
    private final RetryPolicy outages;
    private final Doorbell doorbell;
    private final Duration pollInterval;
    private final Duration batchTimeLimit;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param retries      how a refused event is tried again, and when it is parked as dead
     * @param doorbell     rung by the bus when it committed events to publish
     * @param pollInterval how often to look for events that other instances left, or that are due again
     * @param lease        how long a claim leaves the events to this instance: a batch stops at half
     *                     of it and gives the rest back, so that no other instance takes over events of a
     *                     SKU while this one still publishes earlier ones
     */
    public EventRelay(Publications publications, EventPublisher publisher, RetryPolicy retries,
                      Doorbell doorbell, Duration pollInterval, Duration lease, Clock clock) {
        this.publications = Objects.requireNonNull(publications);
        this.publisher = Objects.requireNonNull(publisher);
        this.refusals = new FailedAttempts(publications, retries, clock);
        this.outages = RetryPolicy.outages(pollInterval);
        this.doorbell = Objects.requireNonNull(doorbell);
        this.pollInterval = Objects.requireNonNull(pollInterval);
        this.batchTimeLimit = lease.dividedBy(2);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Publishes what is due, batch after batch, until nothing is.
     *
     * @return how many events were claimed
     * @throws BrokerUnavailable when the broker cannot be reached; the claimed events were given back
     */
    public int runOnce() {
        int claimed = 0;
        List<Publication> batch;
        do {
            batch = publications.claim(BATCH);
            claimed += batch.size();
            if (!batch.isEmpty()) {
                publish(batch);
            }
        } while (batch.size() == BATCH);
        return claimed;
    }

    private void publish(List<Publication> batch) {
        List<Long> confirmed = new ArrayList<>();
        Set<Long> settled = new HashSet<>();
        Set<String> waiting = new HashSet<>(); // keys with a refused event: the rest of the key waits
        Instant deadline = clock.instant().plus(batchTimeLimit);
        try {
            for (List<Publication> wave : waves(batch)) {
                if (!settled.isEmpty() && clock.instant().isAfter(deadline)) {
                    break; // the rest goes back before the lease runs out (after one wave at least, to progress)
                }
                List<Publication> sending = wave.stream().filter(event -> !waiting.contains(keyOf(event))).toList();
                if (sending.isEmpty()) {
                    continue;
                }
                Map<Long, String> refused = publisher.publish(sending);
                for (Publication event : sending) {
                    String reason = refused.get(event.id());
                    if (reason == null) {
                        confirmed.add(event.id());
                    } else if (!recordRefusal(event, reason)) {
                        waiting.add(keyOf(event));
                    }
                    settled.add(event.id());
                }
            }
        } finally {
            // Whatever happened, the confirmed are deleted and the rest go back, so nothing waits for a lease.
            if (!confirmed.isEmpty()) {
                publications.deletePublished(confirmed);
            }
            List<Long> unsent = batch.stream().map(Publication::id).filter(id -> !settled.contains(id)).toList();
            if (!unsent.isEmpty()) {
                publications.release(unsent);
            }
        }
    }

    /** The first event of each key, then the second of each, and so on; each wave in stored order. */
    private List<List<Publication>> waves(List<Publication> batch) {
        List<List<Publication>> waves = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Publication event : batch) {
            int wave = seen.merge(keyOf(event), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(event);
        }
        return waves;
    }

    private static String keyOf(Publication event) {
        return event.message().orderingKey();
    }

    /** Schedules a refused event's retry, or parks it as dead; returns whether it is dead. */
    private boolean recordRefusal(Publication event, String reason) {
        int attempt = event.attempts() + 1;
        boolean dead = refusals.record(event.id(), attempt, reason);
        if (dead) {
            log.error("Broker refused event {} (attempt {}), parked as dead: {}", event.id(), attempt, reason);
        } else {
            log.warn("Broker refused event {} (attempt {}), will retry: {}", event.id(), attempt, reason);
        }
        return dead;
    }

    /** Starts publishing on a thread of its own: at once, whenever the bell rings, and every poll interval. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::relay, "event-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void relay() {
        int failedRounds = 0; // while the broker is away
        while (running) {
            try {
                int claimed = runOnce();
                if (failedRounds > 0 && claimed > 0) { // only a publication tells that the broker is back
                    log.info("Broker reachable again: publishing resumed");
                    failedRounds = 0;
                }
                if (doorbell.await(pollInterval)) {
                    pause(LINGER);
                }
            } catch (BrokerUnavailable down) {
                if (failedRounds == 0) {
                    log.warn("Broker unavailable, events wait in the database: {}", down.getMessage());
                }
                pause(outages.delayAfter(++failedRounds));
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException failure) {
                // A database outage must not end the relay: the next round tries again.
                log.warn("Event relay failed: {}", failure.getMessage());
                pause(pollInterval);
            }
        }
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            running = false;
        }
    }

    /**
     * Stops, letting a batch in progress finish (up to ten seconds), then publishes one more batch of what
     * is due: what this instance committed last goes out now, not at another instance's next poll. Claimed
     * events that are not confirmed are given back, never left leased.
     */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        running = false;
        doorbell.ring();
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt();
                return;
            }
        } catch (InterruptedException interrupted) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            return;
        } finally {
            thread = null;
        }
        publishLastBatch();
    }

    private void publishLastBatch() {
        try {
            List<Publication> batch = publications.claim(BATCH);
            if (!batch.isEmpty()) {
                publish(batch);
            }
        } catch (RuntimeException failed) {
            log.warn("Events left unpublished at stop: {}", failed.getMessage());
        }
    }
}
