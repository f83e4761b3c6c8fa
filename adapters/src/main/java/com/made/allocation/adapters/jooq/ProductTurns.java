package com.made.allocation.adapters.jooq;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gives the units of work of this process their turns at a product's row lock, first come first served, so
 * that those waiting for a busy product wait here rather than in the database: there each would hold a pooled
 * connection, and every commit on the row would wake them all to race for it. The row lock still guards the
 * product (other processes, a turn that timed out): turns only shape the queue in front of it.
 */
final class ProductTurns {

    private static final int STRIPES = 1024; // products share a turn only when their SKUs' hashes collide

    private final Lock[] stripes = new Lock[STRIPES];
    private final Duration patience;

    /** @param patience how long to wait for a turn before going to the row lock without one */
    ProductTurns(Duration patience) {
        this.patience = patience;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    /** Waits for the turn of {@code sku}; the caller must release what it got, from the same thread. */
    Optional<Lock> take(String sku) {
        Lock turn = stripes[Math.floorMod(sku.hashCode(), STRIPES)];
        try {
            return turn.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(turn) : Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
