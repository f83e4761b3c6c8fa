package com.made.allocation.entrypoints.admission;

import com.made.allocation.entrypoints.errors.JsonJettyErrorHandler;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Admission with a fixed limit, tuned by hand: Jetty's own {@link QoSHandler}, which suspends nothing, so a
 * request over the limit is answered 503 at once (through {@code JsonJettyErrorHandler}: JSON and
 * {@code Retry-After}). The peer the adaptive limit is measured against; a fixed limit is right only on the
 * machine and the data it was tuned on.
 */
public final class FixedAdmission implements Admission {

    private final int limit;
    private final LongAdder refused = new LongAdder();

    public FixedAdmission(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a fixed admission limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    @Override
    public Handler around(Handler next) {
        QoSHandler qos = new QoSHandler(next) {
            @Override
            protected void reject(Request request, Response response, Callback callback, int status) {
                refused.increment();
                super.reject(request, response, callback, status);
            }
        };
        qos.setMaxRequestCount(limit);
        qos.setMaxSuspendedRequestCount(0);
        Predicate<Request> limited = LimitedRoutes::guard;
        qos.include(limited);
        return qos;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public long refused() {
        return refused.sum();
    }
}
