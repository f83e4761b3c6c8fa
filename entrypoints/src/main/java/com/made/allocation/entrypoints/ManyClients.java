package com.made.allocation.entrypoints;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty and Javalin set so that a thousand clients, many of them arriving at once, cost little: a connection
 * is never dropped while it waits to be accepted, keeps little heap once open, and an answer makes little
 * garbage. Measured with bench/run's overload scenario (bench/README.md, "Overload, a fourth time").
 */
final class ManyClients {

    /**
     * Connections the kernel holds for Jetty to accept. Java asks for 50 unless told: when more clients came
     * at once (the benchmark's step from 256 to 1,024), the kernel dropped the rest of their handshakes and
     * each waited for TCP to send again, 200 ms or a second later. Linux keeps at most net.core.somaxconn
     * (4,096 by default since Linux 5.4) whatever is asked.
     */
    private static final int ACCEPT_QUEUE = 4096;

    // Javalin copies each answer to Jetty through a new buffer of this size (Jetty's 32 KB unless set), about
    // half of all the service allocated under load for answers of a few hundred bytes. The API's answers fit
    // in one piece; /metrics and /docs go out in a few, gathered by Jetty in its own pooled buffer.
    private static final int ANSWER_COPY_BYTES = 4 * 1024;

    private ManyClients() {
    }

    static void tune(JavalinConfig config) {
        config.http.responseBufferSize = ANSWER_COPY_BYTES;
        // Jetty's parser keeps, per connection, a cache of the header fields it has seen: a table of about
        // 100 KB from a connection's second request on. A thousand kept-alive clients held 100 MB of the heap
        // in it, and its promotion to the old generation paused the service for tens of milliseconds at a time
        // after many clients connected. Without it, a request's few headers cost a few small objects.
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
        // Javalin adds its connector after the server is modified, so the queue is set as the server starts,
        // before its connectors open.
        config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle starting) {
                for (var connector : server.getConnectors()) {
                    if (connector instanceof ServerConnector listening) {
                        listening.setAcceptQueueSize(ACCEPT_QUEUE);
                    }
                }
            }
        }));
    }
}
