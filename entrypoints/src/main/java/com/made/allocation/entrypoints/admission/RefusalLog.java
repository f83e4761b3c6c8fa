package com.made.allocation.entrypoints.admission;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says that the service is shedding load, one WARN line at most every ten seconds: under overload a line per
 * refused request would cost more than the refusal and bury everything else in the log.
 */
final class RefusalLog {

    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LongAdder unreported = new LongAdder();
    private final AtomicLong nextLineAt = new AtomicLong(System.nanoTime());

    void refused(int limit) {
        unreported.increment();
        long now = System.nanoTime();
        long due = nextLineAt.get();
        if (now - due >= 0 && nextLineAt.compareAndSet(due, now + EVERY_NANOS)) {
            log.warn("Overloaded: {} requests answered 503 at once since the last such line; the admission limit"
                    + " is {} in flight", unreported.sumThenReset(), limit);
        }
    }
}
