package com.made.allocation.service.outbox;

import com.made.allocation.service.publishing.Publications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands due outbox deliveries to the bus: those a crash left behind and those waiting for a retry. It runs
 * at start and then periodically, and purges old done entries. Claims are leased in the outbox, so several
 * instances of the service can run against one database.
 */
public final class OutboxDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 100;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final Outbox outbox;
    private final Inbox inbox;
    private final Consumer<Delivery> bus; // the bus's deliver: hands it to its handler
    private final Duration pollInterval;
    private final Duration keepDone;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    /**
     * @param inbox purged with the outbox, after the same retention
     */
    public OutboxDispatcher(Outbox outbox, Inbox inbox, Consumer<Delivery> bus,
                            Duration pollInterval, Duration keepDone, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox);
        this.inbox = Objects.requireNonNull(inbox);
        this.bus = Objects.requireNonNull(bus);
        this.pollInterval = Objects.requireNonNull(pollInterval);
        this.keepDone = Objects.requireNonNull(keepDone);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Delivers what is due now, batch after batch until nothing is; returns how many were handled. */
    public int runOnce() {
        int handled = 0;
        List<Delivery> due;
        do {
            due = outbox.claimDue(BATCH);
            due.forEach(bus);
            handled += due.size();
        } while (due.size() == BATCH);
        if (handled > 0) {
            log.info("Dispatched {} outbox deliveries", handled);
        }
        return handled;
    }

    /**
     * Deletes deliveries done longer ago than the retention, and forgets the message ids received before it;
     * returns how many deliveries. (Publications are deleted as soon as the broker confirms them.)
     */
    public int purge() {
        Instant cutoff = clock.instant().minus(keepDone);
        int deliveries = outbox.purgeDoneBefore(cutoff);
        inbox.forgetBefore(cutoff);
        if (deliveries > 0) {
            log.info("Purged {} done deliveries", deliveries);
        }
        return deliveries;
    }

    /** Starts dispatching at once and then every poll interval, and purging every hour. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> safely(this::runOnce), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> safely(this::purge), PURGE_EVERY.toMillis(), PURGE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops, letting a dispatch in progress finish (up to ten seconds). */
    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException failure) {
            // A database outage must not kill the schedule: the next round tries again.
            log.warn("Outbox dispatch failed: {}", failure.getMessage());
        }
    }
}
