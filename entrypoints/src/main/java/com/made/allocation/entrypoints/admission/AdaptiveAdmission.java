package com.made.allocation.entrypoints.admission;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.Handler;

/**
 * Admission with a limit learnt from latency (Netflix concurrency-limits' Gradient2): while the answers of
 * the admitted requests come back about as fast as usual the limit grows; when they slow down, because
 * requests queue inside the service, it shrinks. What counts as an answer's latency is decided by
 * {@link AdmittedRequest}: only successful work is a sample, so fast refusals and client errors cannot drag
 * the limit down.
 */
public final class AdaptiveAdmission implements Admission {

    /**
     * The limit learns once a window, from the window's average latency and the most requests it had in
     * flight. Told of each answer instead, it misread clients in step (as group commit answers them
     * together), whose requests arrive in bursts: a burst's first answers, far faster than the average,
     * pulled the long-run latency down, and its last ones, far slower, then shrank the limit, down to its
     * minimum under a third of the machine's load (bench/README.md, "Bursts are not a queue"). A window
     * holds many bursts; its average changes only when the load does.
     */
    private static final long WINDOW_MILLIS = 100;

    private final SimpleLimiter<Void> limiter;
    private final LongAdder refused = new LongAdder();
    private final RefusalLog refusals = new RefusalLog();

    public AdaptiveAdmission(AdaptiveLimits limits) {
        this(limits, System::nanoTime);
    }

    /** With the clock that latencies are read from: a test's own. */
    AdaptiveAdmission(AdaptiveLimits limits, LongSupplier nanoClock) {
        this.limiter = SimpleLimiter.newBuilder()
                .named("http")
                .nanoClock(nanoClock)
                .limit(WindowedLimit.newBuilder()
                        .minWindowTime(WINDOW_MILLIS, TimeUnit.MILLISECONDS)
                        .maxWindowTime(WINDOW_MILLIS, TimeUnit.MILLISECONDS)
                        .build(Gradient2Limit.newBuilder()
                                .initialLimit(limits.initial())
                                .minLimit(limits.min())
                                .maxConcurrency(limits.max())
                                .build()))
                .build();
    }

    /** A permit for one request, or empty (counted and logged as refused) when the limit is reached. */
    Optional<Limiter.Listener> tryAdmit() {
        Optional<Limiter.Listener> admitted = limiter.acquire(null);
        if (admitted.isEmpty()) {
            refused.increment();
            refusals.refused(limiter.getLimit());
        }
        return admitted;
    }

    @Override
    public Handler around(Handler next) {
        return new AdmissionHandler(next, this);
    }

    @Override
    public int limit() {
        return limiter.getLimit();
    }

    /** Requests admitted and not yet answered. */
    public int inFlight() {
        return limiter.getInflight();
    }

    @Override
    public long refused() {
        return refused.sum();
    }
}
