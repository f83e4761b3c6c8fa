package com.made.allocation.entrypoints.admission;

import org.eclipse.jetty.server.Request;

/**
 * The routes whose requests count against the admission limit: the API's reads and writes, the work that
 * costs the database. Everything else (health, metrics, the operators' routes, the documents, an unknown
 * path) is cheap or must answer while the service is busy, and is never refused.
 */
final class LimitedRoutes {

    private LimitedRoutes() {
    }

    static boolean guard(Request request) {
        String path = request.getHttpURI().getPath();
        return path != null && (path.equals("/allocate") || path.equals("/add_batch")
                || path.equals("/change_batch_quantity") || path.startsWith("/allocations/"));
    }
}
