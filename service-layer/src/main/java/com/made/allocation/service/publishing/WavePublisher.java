package com.made.allocation.service.publishing;

import com.made.allocation.service.failures.BrokerUnavailable;
import com.made.allocation.service.outbox.FailedAttempts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one wave of events to the broker and settles each: confirmed, or refused and recorded for its retry
 * (parked as dead after its last attempt). Events from a claim and from memory go through here alike, so
 * every outcome is remembered for the events that follow.
 */
final class WavePublisher {

    private static final Logger log = LoggerFactory.getLogger(WavePublisher.class);

    /**
     * @param confirmed   the ids the broker confirmed, in the wave's order
     * @param keysWaiting the keys of refused events that are due again later: their later events wait
     */
    record Settled(List<Long> confirmed, Set<String> keysWaiting) {
    }

    private final EventPublisher publisher;
    private final FailedAttempts refusals;
    private final Outcomes outcomes;

    WavePublisher(EventPublisher publisher, FailedAttempts refusals, Outcomes outcomes) {
        this.publisher = publisher;
        this.refusals = refusals;
        this.outcomes = outcomes;
    }

    /** @throws BrokerUnavailable when the broker cannot be reached: none of the wave is settled */
    Settled publish(List<Publication> wave) {
        Map<Long, String> refused = publisher.publish(wave);
        List<Long> confirmed = new ArrayList<>(wave.size());
        Set<String> waiting = new HashSet<>();
        for (Publication event : wave) {
            String reason = refused.get(event.id());
            if (reason == null) {
                confirmed.add(event.id());
                outcomes.confirmed(event.id());
            } else {
                outcomes.notConfirmed(event.id());
                if (!recordRefusal(event, reason)) {
                    waiting.add(Waves.keyOf(event));
                }
            }
        }
        return new Settled(confirmed, waiting);
    }

    /** Schedules a refused event's retry, or parks it as dead; returns whether it is dead. */
    private boolean recordRefusal(Publication event, String reason) {
        int attempt = event.attempts() + 1;
        boolean dead = refusals.record(event.id(), attempt, reason);
        if (dead) {
            log.error("Broker refused event {} (attempt {}), parked as dead: {}", event.id(), attempt, reason);
        } else {
            log.warn("Broker refused event {} (attempt {}), will retry: {}", event.id(), attempt, reason);
        }
        return dead;
    }
}
