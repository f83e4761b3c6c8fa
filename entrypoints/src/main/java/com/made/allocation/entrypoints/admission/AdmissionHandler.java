package com.made.allocation.entrypoints.admission;

import com.netflix.concurrency.limits.Limiter;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The adaptive admission at the edge: a request to a limited route either gets a permit and goes on, or is
 * answered 503 at once, on the thread that read it, before it waits for anything (a thread of Javalin's, a
 * lane of the bus, a connection of the pool).
 */
final class AdmissionHandler extends Handler.Wrapper {

    private final AdaptiveAdmission admission;
    private final BusyAnswer busy = new BusyAnswer();

    AdmissionHandler(Handler next, AdaptiveAdmission admission) {
        super(next);
        this.admission = admission;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!LimitedRoutes.guard(request)) {
            return super.handle(request, response, callback);
        }
        Optional<Limiter.Listener> permit = admission.tryAdmit();
        if (permit.isEmpty()) {
            busy.send(request, response, callback);
            return true;
        }
        AdmittedRequest admitted = new AdmittedRequest(permit.get());
        boolean handled;
        try {
            handled = super.handle(request, response, admitted.releasing(response, callback));
        } catch (Exception | Error failed) {
            admitted.ignored();
            throw failed;
        }
        if (!handled) {
            admitted.ignored(); // Jetty answers it (404) with its own callback, never ours
        }
        return handled;
    }
}
