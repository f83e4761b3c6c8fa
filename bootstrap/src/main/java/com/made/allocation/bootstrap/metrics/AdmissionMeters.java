package com.made.allocation.bootstrap.metrics;

import com.made.allocation.entrypoints.admission.AdaptiveAdmission;
import com.made.allocation.entrypoints.admission.Admission;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The admission at the edge as meters: its limit, the requests it refused, and (adaptive only) those in
 * flight. Read when scraped; the admission keeps the counts itself.
 */
public final class AdmissionMeters {

    private AdmissionMeters() {
    }

    public static void bind(MeterRegistry registry, Admission admission) {
        Gauge.builder("allocation.admission.limit", admission, Admission::limit)
                .description("requests to the API's routes that may be in flight now").register(registry);
        FunctionCounter.builder("allocation.admission.refused", admission, Admission::refused)
                .description("requests answered 503 at once because the limit was reached").register(registry);
        if (admission instanceof AdaptiveAdmission adaptive) {
            Gauge.builder("allocation.admission.in.flight", adaptive, AdaptiveAdmission::inFlight)
                    .description("requests to the API's routes admitted and not yet answered").register(registry);
        }
    }
}
