package com.made.allocation.entrypoints;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * Whether this instance is on its way out. Once draining, {@code GET /health} answers 503 so that a load
 * balancer sends nothing new, while the requests that still come are served as usual; and every answer
 * closes its connection, so that no client keeps an idle connection that the stop would cut under its next
 * request: its next request opens a new one, which the stopped server refuses.
 */
public final class Draining {

    private volatile boolean started;

    /** From now on, draining. */
    public void start() {
        started = true;
    }

    /** True once {@link #start()} was called. */
    public boolean started() {
        return started;
    }

    void register(JavalinConfig config) {
        config.routes.before(this::closeConnectionWhenDraining);
    }

    private void closeConnectionWhenDraining(Context ctx) {
        if (started) {
            ctx.header("Connection", "close");
        }
    }
}
