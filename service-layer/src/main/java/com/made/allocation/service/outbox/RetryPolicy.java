package com.made.allocation.service.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently something that failed is tried again: at most {@code maxAttempts} attempts
 * in all, each wait drawn between half and all of a cap that doubles from {@code baseDelay} up to
 * {@code maxDelay} ("equal jitter"), so that things that failed together do not come back in lockstep.
 * The one type for every retry of the service: handlers that lost a race ({@link #CONFLICTS}), follow-on
 * messages whose handler failed and events the broker refused ({@link #DELIVERIES}), the relay's pauses while
 * the broker is away ({@link #outages(Duration)}), and commands from the broker given back to their queue
 * ({@link #REQUEUE}).
 *
 * @param maxAttempts attempts in all, at least 1
 * @param baseDelay   the cap of the first wait
 * @param maxDelay    the largest cap
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** A handler that lost a race runs again at once: up to 25 runs, waits capped from 1 ms to 64 ms. */
    public static final RetryPolicy CONFLICTS = new RetryPolicy(25, Duration.ofMillis(1), Duration.ofMillis(64));

    /** A follow-on message whose handler failed comes back later: 8 attempts, waits from 1 s to 10 minutes. */
    public static final RetryPolicy DELIVERIES = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(10));

    /** A command from the broker that cannot be handled now goes back to its queue after up to a second. */
    public static final RetryPolicy REQUEUE = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1),
            Duration.ofSeconds(1));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }

    /** One attempt: a failure is final. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** Waiting for a broker that is away: never giving up, the pause doubling from {@code first} up to 5 s. */
    public static RetryPolicy outages(Duration first) {
        Duration most = Duration.ofSeconds(5);
        return new RetryPolicy(Integer.MAX_VALUE, first, first.compareTo(most) > 0 ? first : most);
    }

    /** This policy with another first wait; the largest wait grows to match when it is smaller. */
    public RetryPolicy withBaseDelay(Duration baseDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, baseDelay.compareTo(maxDelay) > 0 ? baseDelay : maxDelay);
    }

    /** This policy with another number of attempts. */
    public RetryPolicy withMaxAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
    }

    /** True when attempt number {@code attempt} (1 for the first) is the last one allowed. */
    public boolean isLast(int attempt) {
        return attempt >= maxAttempts;
    }

    /** How long to wait after attempt number {@code attempt} (1 for the first) failed. */
    public Duration delayAfter(int attempt) {
        long capNanos = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
        return Duration.ofNanos(capNanos / 2 + ThreadLocalRandom.current().nextLong(capNanos / 2 + 1));
    }
}
