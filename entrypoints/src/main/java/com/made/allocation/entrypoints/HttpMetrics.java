package com.made.allocation.entrypoints;

import java.time.Duration;
import org.eclipse.jetty.server.Server;

/**
 * Where the HTTP API reports the requests it served, and what it serves at {@code GET /metrics}. The
 * bootstrap module implements it with Micrometer; without one, {@code /metrics} is not served.
 */
public interface HttpMetrics {

    /** Called once with the server that is about to start, to watch its thread pool. */
    void watch(Server server);

    /**
     * A request was answered.
     *
     * @param route the route template that matched ({@code /allocations/{orderid}}), never the raw path, or
     *              {@code "unmatched"}: so that order ids never become series
     */
    void requestServed(String method, String route, int status, Duration took);

    /** The metrics in the Prometheus text format. */
    String scrape();
}
