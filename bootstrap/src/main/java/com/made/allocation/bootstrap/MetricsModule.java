package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.bootstrap.metrics.MicrometerBusMetrics;
import com.made.allocation.bootstrap.metrics.MicrometerHttpMetrics;
import com.made.allocation.entrypoints.HttpMetrics;
import com.made.allocation.service.messagebus.BusMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/** The metrics registry (unless metrics are off) with the JVM's meters, and the ports that feed it. */
final class MetricsModule extends AbstractModule {

    private final boolean enabled;

    MetricsModule(boolean enabled) {
        this.enabled = enabled;
    }

    @Provides
    @Singleton
    Optional<PrometheusMeterRegistry> registry() {
        if (!enabled) {
            return Optional.empty();
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return Optional.of(registry);
    }

    @Provides
    @Singleton
    BusMetrics busMetrics(Optional<PrometheusMeterRegistry> registry) {
        return registry.<BusMetrics>map(MicrometerBusMetrics::new).orElse(BusMetrics.NONE);
    }

    @Provides
    @Singleton
    Optional<HttpMetrics> httpMetrics(Optional<PrometheusMeterRegistry> registry) {
        return registry.map(MicrometerHttpMetrics::new);
    }
}
