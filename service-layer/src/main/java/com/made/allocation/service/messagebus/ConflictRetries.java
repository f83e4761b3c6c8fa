package com.made.allocation.service.messagebus;

import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.outbox.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler again, in a new unit of work, after it lost a race for a product ({@link ConcurrencyConflict}),
 * as often and as patiently as its policy says; then gives up with the last conflict.
 */
final class ConflictRetries {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetries.class);

    private final RetryPolicy policy;
    private final BusMetrics metrics;

    ConflictRetries(RetryPolicy policy, BusMetrics metrics) {
        this.policy = Objects.requireNonNull(policy);
        this.metrics = Objects.requireNonNull(metrics);
    }

    /** Runs {@code attempt} (each run in a unit of work of its own) until it does not conflict, as allowed. */
    <T> T run(Object message, Supplier<T> attempt) {
        for (int number = 1; ; number++) {
            try {
                return attempt.get();
            } catch (ConcurrencyConflict conflict) {
                String type = message.getClass().getSimpleName();
                if (policy.isLast(number)) {
                    log.warn("Gave up on {} after {} attempts: {}", message, number, conflict.getMessage());
                    metrics.retriesExhausted(type);
                    throw conflict;
                }
                metrics.conflictRetried(type);
                Duration pause = policy.delayAfter(number);
                log.debug("Conflict on {} (attempt {}), retrying in {} us", message, number, pause.toNanos() / 1000);
                sleep(pause);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis(), (int) (pause.toNanos() % 1_000_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ConcurrencyConflict("interrupted while waiting to retry", interrupted);
        }
    }
}
