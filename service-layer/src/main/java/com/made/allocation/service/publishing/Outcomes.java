package com.made.allocation.service.publishing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What became of the publications this relay handled lately: confirmed by the broker, or not (refused,
 * given back). An event published from memory goes out only after the one it follows was confirmed here;
 * those are handled at most a lease apart, so outcomes are kept for two leases, and at most {@code MAX} of
 * them: one forgotten only sends a later event the way of the table.
 */
final class Outcomes {

    private static final int MAX = 65_536;

    private record Outcome(boolean confirmed, Instant at) {
    }

    private final Map<Long, Outcome> recent = new LinkedHashMap<>(); // oldest first
    private final Duration keep;
    private final Clock clock;

    Outcomes(Duration lease, Clock clock) {
        this.keep = lease.multipliedBy(2);
        this.clock = clock;
    }

    void confirmed(long id) {
        record(id, true);
    }

    /** Refused, given back, or left to a claim: whatever follows it must take the table's way too. */
    void notConfirmed(long id) {
        record(id, false);
    }

    /** Whether the broker confirmed it; empty when this relay has not settled it lately. */
    Optional<Boolean> of(long id) {
        return Optional.ofNullable(recent.get(id)).map(Outcome::confirmed);
    }

    private void record(long id, boolean confirmed) {
        Instant now = clock.instant();
        recent.remove(id); // a newer outcome goes to the end, with the newest
        recent.put(id, new Outcome(confirmed, now));
        Instant oldest = now.minus(keep);
        Iterator<Outcome> outcomes = recent.values().iterator();
        while (outcomes.hasNext()) {
            Outcome outcome = outcomes.next();
            if (recent.size() <= MAX && !outcome.at().isBefore(oldest)) {
                break;
            }
            outcomes.remove();
        }
    }
}
