package com.made.allocation.entrypoints.admission;

import org.eclipse.jetty.server.Handler;

/**
 * What the HTTP edge lets in when more requests come than the service can serve at its unloaded latency:
 * a request to one of the API's routes ({@link LimitedRoutes}) is admitted while fewer than a limit are in
 * flight, and refused at once with 503 otherwise. Health, metrics, the operators' routes and the documents
 * are never refused.
 */
public interface Admission {

    /** Admits everything: the service as it was before admission existed. */
    Admission UNLIMITED = new Admission() {
        @Override
        public Handler around(Handler next) {
            return next;
        }

        @Override
        public int limit() {
            return Integer.MAX_VALUE;
        }

        @Override
        public long refused() {
            return 0;
        }
    };

    /** The handler that admits or refuses, wrapped around the server's own. */
    Handler around(Handler next);

    /** How many requests to the limited routes may be in flight now. */
    int limit();

    /** How many requests were refused since the start. */
    long refused();
}
