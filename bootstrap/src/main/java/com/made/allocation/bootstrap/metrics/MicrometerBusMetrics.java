package com.made.allocation.bootstrap.metrics;

import com.made.allocation.service.messagebus.BusMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The bus's work as Micrometer meters: handling time per message type, conflicts, deliveries. */
public final class MicrometerBusMetrics implements BusMetrics {

    // Described once; each report only names its tags.
    private final Meter.MeterProvider<Timer> handling;
    private final Meter.MeterProvider<Counter> conflictRetries;
    private final Meter.MeterProvider<Counter> retriesExhausted;
    private final Meter.MeterProvider<Counter> deliveries;

    public MicrometerBusMetrics(MeterRegistry registry) {
        handling = Timer.builder("allocation.bus.handling").description("Handling a message, conflict retries included")
                .publishPercentileHistogram().withRegistry(registry);
        conflictRetries = Counter.builder("allocation.bus.conflict.retries")
                .description("Handlers run again after losing a race").withRegistry(registry);
        retriesExhausted = Counter.builder("allocation.bus.retries.exhausted")
                .description("Handlers that lost every race allowed (answered 503)").withRegistry(registry);
        deliveries = Counter.builder("allocation.outbox.deliveries")
                .description("Follow-on messages handled from the outbox").withRegistry(registry);
    }

    @Override
    public void handled(String messageType, Duration took, boolean succeeded) {
        handling.withTags("message_type", messageType, "outcome", succeeded ? "success" : "failure").record(took);
    }

    @Override
    public void conflictRetried(String messageType) {
        conflictRetries.withTags("message_type", messageType).increment();
    }

    @Override
    public void retriesExhausted(String messageType) {
        retriesExhausted.withTags("message_type", messageType).increment();
    }

    @Override
    public void delivered(String handler, boolean succeeded) {
        deliveries.withTags("handler", handler, "outcome", succeeded ? "done" : "failed").increment();
    }
}
