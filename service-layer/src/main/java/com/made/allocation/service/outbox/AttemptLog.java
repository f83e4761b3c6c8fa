package com.made.allocation.service.outbox;

import java.time.Instant;

/** Where failed attempts at stored messages are recorded: deliveries to handlers and publications alike. */
public interface AttemptLog {

    /** Records a failed attempt; the entry is due again at {@code nextAttempt}. */
    void scheduleRetry(long id, String error, Instant nextAttempt);

    /** Records a last failed attempt: the entry is parked as dead, kept and visible, until redriven. */
    void markDead(long id, String error);
}
