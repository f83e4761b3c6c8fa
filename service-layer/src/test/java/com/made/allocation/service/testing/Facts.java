package com.made.allocation.service.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How a test waits for something to have happened: by looking at the fact itself (a counter, a queue, a row,
 * a log line) until it holds. The limit is a bound for a hang, never the order of events.
 */
public final class Facts {

    private Facts() {
    }

    /** The longest pause between two looks: many facts are a query or an HTTP call to the service under test. */
    private static final long LONGEST_PAUSE_MS = 50;

    /**
     * Returns once {@code fact} holds, looking after a millisecond, then at pauses that double up to 50 ms (a
     * pace, not an order): a fact that comes soon is seen soon, and one that takes seconds is not asked for a
     * thousand times a second.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code limit}
     */
    public static void await(Duration limit, String what, BooleanSupplier fact) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = 1;
        while (!fact.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, interrupted);
            }
        }
    }
}
