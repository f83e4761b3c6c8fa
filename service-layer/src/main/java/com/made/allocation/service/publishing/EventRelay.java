package com.made.allocation.service.publishing;

import com.made.allocation.service.failures.BrokerUnavailable;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.CommittedPublications.Arrivals;
import com.made.allocation.service.outbox.FailedAttempts;
import com.made.allocation.service.outbox.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the stored publications to other services, off the path of any request, two ways. What this
 * instance commits is stored leased to it and handed over in memory ({@link CommittedPublications}): the
 * relay publishes it at once and deletes what the broker confirmed ({@link LeasedEvents}). Everything else
 * (what a crash, an outage or another instance left, what was stored unleased behind another instance's
 * event, what is due for a retry) is claimed from the table in batches, leased, published, and deleted once
 * confirmed. Events of one ordering key (a SKU) go out in the order they were committed, either way: a batch
 * is published in waves, the n-th event of each key in the n-th wave, and once the broker refuses an event,
 * the later ones of its key wait for it.
 *
 * <p>A round takes what was handed over, claims when there is reason to (a hand-over stored unleased, events
 * given back, the poll interval passed), then publishes from memory. Rounds run whenever something is
 * handed over (20 ms later, to gather what commits meanwhile), and every poll interval.
 *
 * <p>A refused event is retried with its retry policy's backoff and parked as dead in the end; the events
 * of its key after it then go on. A broker that cannot be reached counts as no attempt: everything waits in
 * the table, and goes out once it is back.
 */
public final class EventRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
    private static final int BATCH = 500;
    // After a hand-over, what else commits in this time goes out in the same round: a delete per round
    // instead of per event, for 20 ms more latency at most.
    private static final Duration LINGER = Duration.ofMillis(20);

    private final Publications publications;
    private final CommittedPublications committed;
    private final WavePublisher waves;
    private final LeasedEvents leased;
    private final RetryPolicy outages;
    private final Duration pollInterval;
    private final Duration batchTimeLimit;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;
    private long lastClaim = System.nanoTime();
    private boolean givenBack; // by the last round: claim them at the next

    /**
     * @param retries      how a refused event is tried again, and when it is parked as dead
     * @param committed    where the bus hands over the publications its commits stored
     * @param pollInterval how often to look for events that other instances left, or that are due again
     * @param lease        how long a claim or a commit leaves the events to this instance: a batch stops at
     *                     half of it and gives the rest back, and an event in memory with less than half of
     *                     it left is given back, so that no other instance takes over events of a SKU while
     *                     this one still publishes earlier ones
     */
    public EventRelay(Publications publications, EventPublisher publisher, RetryPolicy retries,
                      CommittedPublications committed, Duration pollInterval, Duration lease, Clock clock) {
        this.publications = Objects.requireNonNull(publications);
        this.committed = Objects.requireNonNull(committed);
        Outcomes outcomes = new Outcomes(lease, clock);
        this.waves = new WavePublisher(Objects.requireNonNull(publisher),
                new FailedAttempts(publications, retries, clock), outcomes);
        this.leased = new LeasedEvents(publications, waves, outcomes, lease, clock);
        this.outages = RetryPolicy.outages(pollInterval);
        this.pollInterval = Objects.requireNonNull(pollInterval);
        this.batchTimeLimit = lease.dividedBy(2);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * One round with a claim: publishes what is due in the table, batch after batch until nothing is, then
     * what was handed over since the last round.
     *
     * @return how many events went to the broker
     * @throws BrokerUnavailable when the broker cannot be reached; the events of the round were given back
     */
    public int runOnce() {
        return round(true);
    }

    private int round(boolean claiming) {
        Arrivals arrivals = committed.take();
        leased.add(arrivals.leased());
        try {
            givenBack = false;
            int sent = claiming || arrivals.claimAsked() ? claimAll() : 0;
            LeasedEvents.Round fromMemory = leased.publish();
            givenBack |= fromMemory.givenBack() > 0;
            return sent + fromMemory.sent();
        } catch (RuntimeException failed) {
            leased.giveBackAll(); // the claims publish them once the broker is back, in order
            givenBack = true;
            throw failed;
        }
    }

    private int claimAll() {
        int claimed = 0;
        List<Publication> batch;
        do {
            batch = publications.claim(BATCH);
            claimed += batch.size();
            if (!batch.isEmpty()) {
                publishClaimed(batch);
            }
        } while (batch.size() == BATCH);
        lastClaim = System.nanoTime();
        return claimed;
    }

    private void publishClaimed(List<Publication> batch) {
        List<Long> confirmed = new ArrayList<>();
        Set<Long> settled = new HashSet<>();
        Set<String> waiting = new HashSet<>(); // keys with a refused event: the rest of the key waits
        Instant deadline = clock.instant().plus(batchTimeLimit);
        try {
            for (List<Publication> wave : Waves.of(batch)) {
                if (!settled.isEmpty() && clock.instant().isAfter(deadline)) {
                    break; // the rest goes back before the lease runs out (after one wave at least, to progress)
                }
                List<Publication> sending = wave.stream().filter(event -> !waiting.contains(Waves.keyOf(event))).toList();
                if (sending.isEmpty()) {
                    continue;
                }
                WavePublisher.Settled outcome = waves.publish(sending);
                confirmed.addAll(outcome.confirmed());
                waiting.addAll(outcome.keysWaiting());
                sending.forEach(event -> settled.add(event.id()));
            }
        } finally {
            // Whatever happened, the confirmed are deleted and the rest go back, so nothing waits for a lease.
            if (!confirmed.isEmpty()) {
                publications.deletePublished(confirmed);
            }
            List<Long> unsent = batch.stream().map(Publication::id).filter(id -> !settled.contains(id)).toList();
            if (!unsent.isEmpty()) {
                publications.release(unsent);
                givenBack = true;
            }
        }
    }

    /** Starts publishing on a thread of its own: at once, whenever the bus hands over, and every poll interval. */
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
        boolean claiming = true; // at start: what an earlier run left
        while (running) {
            try {
                int sent = round(claiming);
                if (failedRounds > 0 && sent > 0) { // only a publication tells that the broker is back
                    log.info("Broker reachable again: publishing resumed");
                    failedRounds = 0;
                }
                // Events waiting in memory for the one they follow are looked at again soon.
                Duration idle = leased.isWaiting() && leased.longestWait().compareTo(pollInterval) < 0
                        ? leased.longestWait() : pollInterval;
                if (committed.await(idle)) {
                    pause(LINGER);
                }
                claiming = givenBack || System.nanoTime() - lastClaim >= pollInterval.toNanos();
            } catch (BrokerUnavailable down) {
                if (failedRounds == 0) {
                    log.warn("Broker unavailable, events wait in the database: {}", down.getMessage());
                }
                pause(outages.delayAfter(++failedRounds));
                claiming = true;
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException failure) {
                // A database outage must not end the relay: the next round tries again.
                log.warn("Event relay failed: {}", failure.getMessage());
                pause(pollInterval);
                claiming = true;
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
     * Stops, letting a round in progress finish (up to ten seconds), then publishes one more batch of what
     * is due and what was handed over: what this instance committed last goes out now, not at another
     * instance's next poll. Events that are not confirmed are given back, never left leased.
     */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        running = false;
        committed.wake();
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
        publishLastRound();
    }

    private void publishLastRound() {
        try {
            leased.add(committed.take().leased());
            List<Publication> batch = publications.claim(BATCH);
            if (!batch.isEmpty()) {
                publishClaimed(batch);
            }
            leased.publish();
        } catch (RuntimeException failed) {
            log.warn("Events left unpublished at stop: {}", failed.getMessage());
        } finally {
            leased.giveBackAll(); // those still waiting for the one they follow
        }
    }
}
