package com.made.allocation.adapters.jooq;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gives the units of work of this process their turns at a product's row lock, first come first served, so
 * that those waiting for a busy product wait here, holding no pooled connection, rather than in the
 * database, where every commit on the row would wake them all to race for it. One fair lock per SKU in use,
 * dropped when its last user leaves. The row lock still guards the product (and orders writers of other
 * processes): turns only shape the queue in front of it.
 */
final class ProductTurns {

    /** The turn of one SKU: a fair lock, and how many units of work hold it or wait for it. */
    static final class Turn {
        private final String sku;
        private final ReentrantLock lock = new ReentrantLock(true);
        private int users; // changed only inside the map's compute, which serialises it per SKU

        private Turn(String sku) {
            this.sku = sku;
        }
    }

    private final ConcurrentHashMap<String, Turn> turns = new ConcurrentHashMap<>();

    /** Waits for the turn of {@code sku}; the caller must {@link #release} it from the same thread. */
    Turn take(String sku) {
        Turn turn = turns.compute(sku, (key, existing) -> {
            Turn joined = existing != null ? existing : new Turn(key);
            joined.users++;
            return joined;
        });
        turn.lock.lock();
        return turn;
    }

    /** Ends a turn taken by {@link #take}: the next waiter's turn begins. */
    void release(Turn turn) {
        turn.lock.unlock();
        turns.computeIfPresent(turn.sku, (key, existing) -> --existing.users == 0 ? null : existing);
    }

    /** How many units of work wait for the turn of {@code sku} (not counting the one that holds it). */
    int waiting(String sku) {
        Turn turn = turns.get(sku);
        return turn == null ? 0 : turn.lock.getQueueLength();
    }

    /** How many SKUs have a unit of work holding or waiting for their turn. */
    int inUse() {
        return turns.size();
    }
}
