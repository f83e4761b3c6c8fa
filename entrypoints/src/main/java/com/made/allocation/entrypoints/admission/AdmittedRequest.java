package com.made.allocation.entrypoints.admission;

import com.netflix.concurrency.limits.Limiter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One admitted request's permit, given back exactly once when its answer is written, with what the limit
 * should learn from it:
 * <ul>
 *   <li>2xx: the service did the work; its latency is a sample;</li>
 *   <li>503: the service could not (a full lane, no connection in time, the database away): a drop, which
 *       the limit hears as a sign of overload;</li>
 *   <li>anything else (a 4xx the client caused, a 500): ignored. A fast 400 says nothing about how busy
 *       the service is, and counted as a sample it would drag the latency the limit compares with down,
 *       until every real answer looked slow and the limit collapsed.</li>
 * </ul>
 */
final class AdmittedRequest {

    private final Limiter.Listener permit;
    private final AtomicBoolean released = new AtomicBoolean();

    AdmittedRequest(Limiter.Listener permit) {
        this.permit = permit;
    }

    /** {@code callback}, giving the permit back first when the answer was written (or could not be). */
    Callback releasing(Response response, Callback callback) {
        return new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                answered(response.getStatus());
                super.succeeded();
            }

            @Override
            public void failed(Throwable cause) {
                ignored();
                super.failed(cause);
            }
        };
    }

    /** The answer with this status was written. */
    void answered(int status) {
        if (released.compareAndSet(false, true)) {
            if (status >= 200 && status < 300) {
                permit.onSuccess();
            } else if (status == 503) {
                permit.onDropped();
            } else {
                permit.onIgnore();
            }
        }
    }

    /** The request ended without an answer of its own (a broken connection, a handler that threw). */
    void ignored() {
        if (released.compareAndSet(false, true)) {
            permit.onIgnore();
        }
    }
}
