package com.made.allocation.bootstrap.metrics;

import com.made.allocation.service.views.OutboxReport.Report;
import com.made.allocation.service.views.OutboxReport.Section;
import com.made.allocation.service.views.OutboxReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the outbox and the publications hold, as gauges: pending and dead entries, and the age of the oldest
 * pending one, for each. Read from the database at most once a second, however many gauges or scrapes ask;
 * NaN while it cannot be read.
 */
public final class OutboxGauges {

    private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final OutboxReport outbox;
    private final Clock clock;
    private Report last;
    private Instant readAt = Instant.MIN;

    private OutboxGauges(OutboxReport outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Registers the gauges on {@code registry}. */
    public static void register(OutboxReport outbox, MeterRegistry registry, Clock clock) {
        OutboxGauges gauges = new OutboxGauges(outbox, clock);
        gauges.register(registry, "allocation.outbox", "Follow-on messages", Report::deliveries);
        gauges.register(registry, "allocation.publications", "Events to publish", Report::publications);
    }

    private void register(MeterRegistry registry, String prefix, String what, Function<Report, Section> section) {
        // Strong references: nothing else holds the gauges, and a weakly held one reads NaN after a GC.
        Gauge.builder(prefix + ".pending", this, g -> g.count(section, "PENDING")).strongReference(true)
                .description(what + " waiting to be handled").register(registry);
        Gauge.builder(prefix + ".dead", this, g -> g.count(section, "DEAD")).strongReference(true)
                .description(what + " parked after their last attempt").register(registry);
        Gauge.builder(prefix + ".oldest.pending.age", this, g -> g.oldestPendingSeconds(section))
                .strongReference(true).description("Age of the oldest pending entry of: " + what.toLowerCase())
                .baseUnit("seconds").register(registry);
    }

    private double count(Function<Report, Section> section, String status) {
        Report report = report();
        return report == null ? Double.NaN : section.apply(report).countsByStatus().getOrDefault(status, 0L);
    }

    private double oldestPendingSeconds(Function<Report, Section> section) {
        Report report = report();
        return report == null ? Double.NaN
                : section.apply(report).oldestPendingAge().map(age -> age.toMillis() / 1000.0).orElse(0.0);
    }

    private synchronized Report report() {
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
