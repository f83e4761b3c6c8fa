package com.made.allocation.service.outbox;

import java.time.Duration;

/**
 * Tells a waiting worker that there is work: rung any number of times, it wakes the waiter once. Rung when
 * the bus hands over committed events to publish ({@link CommittedPublications}), so the relay need not poll
 * often to publish them at once.
 */
public final class Doorbell {

    private boolean rung;

    /** Wakes the waiter, or the next one to wait. */
    public synchronized void ring() {
        rung = true;
        notifyAll();
    }

    /**
     * Waits until the bell rings or {@code limit} passes, whichever comes first; a ring since the last wait
     * counts at once.
     *
     * @return whether it rang
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public synchronized boolean await(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!rung) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        rung = false;
        return true;
    }
}
