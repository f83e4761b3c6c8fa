package com.made.allocation.bootstrap;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * What SIGTERM (and SIGINT) does to the process: the service begins to stop ({@code /health} answers 503),
 * keeps serving for the drain time so that load balancers notice, then stops in order, and the process
 * exits 0. A stop that overruns its bound (drain, grace, and a margin for the broker, the dispatcher and
 * the pool) halts the process with 1, so whoever sent the signal never waits longer.
 *
 * <p>The signal is handled here rather than by a shutdown hook: a hook runs once the JVM is already exiting,
 * with the status of the signal (143), and cannot choose a clean exit.
 */
final class GracefulStop {

    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);
    static final Duration MARGIN = Duration.ofSeconds(5);

    private final AllocationService service;
    private final Duration drain;
    private final Duration bound;
    private final AtomicBoolean begun = new AtomicBoolean();

    GracefulStop(AllocationService service, Duration drain, Duration grace) {
        this.service = service;
        this.drain = drain;
        this.bound = drain.plus(grace).plus(MARGIN);
    }

    /** Handles SIGTERM and SIGINT from now on. */
    void install() {
        Signal.handle(new Signal("TERM"), signal -> stopOnce(signal.getName()));
        Signal.handle(new Signal("INT"), signal -> stopOnce(signal.getName()));
    }

    private void stopOnce(String signal) {
        if (!begun.compareAndSet(false, true)) {
            return; // a second signal changes nothing: the bound holds anyway
        }
        // Not on the signal's own thread, a daemon: once HTTP stopped, the JVM would exit under the stop.
        Thread stopping = new Thread(() -> stop(signal), "graceful-stop");
        stopping.setDaemon(false);
        stopping.start();
    }

    private void stop(String signal) {
        log.info("SIG{} received: draining for {} ms, then stopping within {} ms", signal, drain.toMillis(),
                bound.toMillis());
        startWatchdog();
        service.beginStop();
        try {
            Thread.sleep(drain.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        service.close();
        System.exit(0);
    }

    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
            } catch (InterruptedException interrupted) {
                return;
            }
            log.error("Stop took longer than {} ms; halting", bound.toMillis());
            Runtime.getRuntime().halt(1);
        }, "stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
