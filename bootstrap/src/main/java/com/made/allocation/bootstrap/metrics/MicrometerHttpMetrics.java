package com.made.allocation.bootstrap.metrics;

import com.made.allocation.entrypoints.HttpMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.eclipse.jetty.server.Server;

/** Requests as a Micrometer timer by method, route template and status; the registry's scrape. */
public final class MicrometerHttpMetrics implements HttpMetrics {

    private final PrometheusMeterRegistry registry;
    // Described once; each request only names its tags.
    private final Meter.MeterProvider<Timer> requests;

    public MicrometerHttpMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.requests = Timer.builder("http.server.requests").description("HTTP requests answered")
                .publishPercentileHistogram().withRegistry(registry);
    }

    @Override
    public void watch(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()).bindTo(registry);
    }

    @Override
    public void requestServed(String method, String route, int status, Duration took) {
        requests.withTags("method", method, "route", route, "status", String.valueOf(status)).record(took);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }
}
