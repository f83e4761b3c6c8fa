package com.made.allocation.bootstrap.metrics;

import com.made.allocation.service.Outbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the outbox holds, as gauges: pending and dead entries, and the age of the oldest pending one. Read
 * from the database at most once a second, however many gauges or scrapes ask; NaN while it cannot be read.
 */
public final class OutboxGauges {

    private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final Outbox outbox;
    private final Clock clock;
    private Outbox.Report last;
    private Instant readAt = Instant.MIN;

    private OutboxGauges(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Registers the outbox gauges on {@code registry}. */
    public static void register(Outbox outbox, MeterRegistry registry, Clock clock) {
        OutboxGauges gauges = new OutboxGauges(outbox, clock);
        // Strong references: nothing else holds the gauges, and a weakly held one reads NaN after a GC.
        Gauge.builder("allocation.outbox.pending", gauges, g -> g.count("PENDING")).strongReference(true)
                .description("Follow-on messages waiting to be handled").register(registry);
        Gauge.builder("allocation.outbox.dead", gauges, g -> g.count("DEAD")).strongReference(true)
                .description("Follow-on messages parked after their last attempt").register(registry);
        Gauge.builder("allocation.outbox.oldest.pending.age", gauges, OutboxGauges::oldestPendingSeconds)
                .strongReference(true).description("Age of the oldest pending follow-on message")
                .baseUnit("seconds").register(registry);
    }

    private double count(String status) {
        Outbox.Report report = report();
        return report == null ? Double.NaN : report.countsByStatus().getOrDefault(status, 0L);
    }

    private double oldestPendingSeconds() {
        Outbox.Report report = report();
        return report == null ? Double.NaN
                : report.oldestPendingAge().map(age -> age.toMillis() / 1000.0).orElse(0.0);
    }

    private synchronized Outbox.Report report() {
        Instant now = clock.instant();
        if (last == null || readAt.plus(FRESH_FOR).isBefore(now)) {
            try {
                last = outbox.report(0);
            } catch (RuntimeException unreadable) {
                log.warn("Outbox gauges unavailable: {}", unreadable.toString());
                last = null;
            }
            readAt = now;
        }
        return last;
    }
}
