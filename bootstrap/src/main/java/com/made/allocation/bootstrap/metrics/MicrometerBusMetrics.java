package com.made.allocation.bootstrap.metrics;

import com.made.allocation.service.BusMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The bus's work as Micrometer meters: handling time per message type, conflicts, deliveries. */
public final class MicrometerBusMetrics implements BusMetrics {

    private final MeterRegistry registry;

    public MicrometerBusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handled(String messageType, Duration took, boolean succeeded) {
        Timer.builder("allocation.bus.handling").description("Handling a message, conflict retries included")
                .tag("message_type", messageType).tag("outcome", succeeded ? "success" : "failure")
                .publishPercentileHistogram().register(registry).record(took);
    }

    @Override
    public void conflictRetried(String messageType) {
        Counter.builder("allocation.bus.conflict.retries").description("Handlers run again after losing a race")
                .tag("message_type", messageType).register(registry).increment();
    }

    @Override
    public void retriesExhausted(String messageType) {
        Counter.builder("allocation.bus.retries.exhausted")
                .description("Handlers that lost every race allowed (answered 503)")
                .tag("message_type", messageType).register(registry).increment();
    }

    @Override
    public void delivered(String handler, boolean succeeded) {
        Counter.builder("allocation.outbox.deliveries").description("Follow-on messages handled from the outbox")
                .tag("handler", handler).tag("outcome", succeeded ? "done" : "failed").register(registry).increment();
    }
}
