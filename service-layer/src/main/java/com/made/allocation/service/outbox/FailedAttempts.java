package com.made.allocation.service.outbox;

import java.time.Clock;

/**
 * Records a failed attempt at a stored message, for the bus (a follow-on message whose handler failed) and
 * the relay (an event the broker refused) alike: due again after the policy's pause, or parked as dead when
 * that was the last attempt allowed.
 */
public final class FailedAttempts {

    private final AttemptLog log;
    private final RetryPolicy policy;
    private final Clock clock;

    public FailedAttempts(AttemptLog log, RetryPolicy policy, Clock clock) {
        this.log = log;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * @param attempt the number of the attempt that failed, 1 for the first
     * @return true when the entry is now dead, false when it is due again later
     */
    public boolean record(long id, int attempt, String error) {
        if (policy.isLast(attempt)) {
            log.markDead(id, error);
            return true;
        }
        log.scheduleRetry(id, error, clock.instant().plus(policy.delayAfter(attempt)));
        return false;
    }
}
