package com.made.allocation.service.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-over from the bus to the event relay, in memory. After a commit, the publications it stored
 * leased to this instance wait here to be published straight away, with no claim; one stored unleased (an
 * earlier one of its key is another instance's, or waits for a retry) asks for a claim instead. Either way
 * the relay is woken.
 */
public final class CommittedPublications {

    /**
     * What was committed since the relay last looked.
     *
     * @param leased     the publications leased to this instance, in the order they were handed over
     * @param claimAsked whether any was stored unleased, for a claim
     */
    public record Arrivals(List<StoredPublication> leased, boolean claimAsked) {
    }

    private final Doorbell bell = new Doorbell();
    private List<StoredPublication> leased = new ArrayList<>();
    private boolean claimAsked;

    /** Hands over what a commit stored, and wakes the relay; nothing stored, nothing happens. */
    public void add(List<StoredPublication> stored) {
        if (stored.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (StoredPublication publication : stored) {
                if (publication.leasedHere()) {
                    leased.add(publication);
                } else {
                    claimAsked = true;
                }
            }
        }
        bell.ring();
    }

    /** Takes everything handed over since the last call. */
    public synchronized Arrivals take() {
        Arrivals arrivals = new Arrivals(leased, claimAsked);
        leased = new ArrayList<>();
        claimAsked = false;
        return arrivals;
    }

    /**
     * Waits until something is handed over (or {@link #wake} is called) or {@code limit} passes; a hand-over
     * since the last wait counts at once.
     *
     * @return whether anything woke it
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(Duration limit) throws InterruptedException {
        return bell.await(limit);
    }

    /** Wakes the waiting relay with nothing new: to stop it. */
    public void wake() {
        bell.ring();
    }
}
