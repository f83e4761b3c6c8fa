package com.made.allocation.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed follow-on message is retried: at most {@code maxAttempts} attempts, the wait doubling from
 * {@code baseDelay} up to {@code maxDelay}, each wait drawn between half and all of that ("equal jitter"),
 * so that messages that failed together do not come back together.
 */
public record DeliveryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** Eight attempts over about four minutes: 1 s, 2 s, 4 s, ... capped at 10 minutes. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(10));

    public DeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }

    /** True when the failure of attempt number {@code attempt} (1 for the first) is the last allowed. */
    boolean isLast(int attempt) {
        return attempt >= maxAttempts;
    }

    /** When to try again after attempt number {@code attempt} failed at {@code now}. */
    Instant nextAttempt(int attempt, Instant now) {
        long capMillis = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 30));
        long waitMillis = capMillis / 2 + ThreadLocalRandom.current().nextLong(capMillis / 2 + 1);
        return now.plusMillis(waitMillis);
    }
}
