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

    /**
     * Returns once {@code fact} holds, looking every millisecond (a pace, not an order).
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code limit}
     */
    public static void await(Duration limit, String what, BooleanSupplier fact) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!fact.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, interrupted);
            }
        }
    }
}
