package com.made.allocation.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.made.allocation.bootstrap.metrics.AdmissionMeters;
import com.made.allocation.entrypoints.AdminToken;
import com.made.allocation.entrypoints.admission.Admission;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/** What the HTTP API needs beyond the ports: the operators' token, and the admission at the edge. */
final class HttpModule extends AbstractModule {

    private final Optional<String> adminToken;
    private final AdmissionSettings admission;

    HttpModule(Optional<String> adminToken, AdmissionSettings admission) {
        this.adminToken = adminToken;
        this.admission = admission;
    }

    @Provides
    @Singleton
    Optional<AdminToken> adminToken() {
        return adminToken.map(AdminToken::of);
    }

    @Provides
    @Singleton
    Admission admission(Optional<PrometheusMeterRegistry> registry) {
        Admission created = admission.create();
        registry.ifPresent(meters -> AdmissionMeters.bind(meters, created));
        return created;
    }
}
