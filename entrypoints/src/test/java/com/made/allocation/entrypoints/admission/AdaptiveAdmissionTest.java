package com.made.allocation.entrypoints.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.Limiter;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The adaptive limit against a simulated service on a clock of the test's own: a server that works through
 * the admitted requests one at a time, a quarter of a millisecond each (4,000 a second), and clients sending
 * to it. Deterministic: no thread, no real time.
 */
class AdaptiveAdmissionTest {

    /** The service's default bounds (ADMISSION_*_LIMIT). */
    private static final AdaptiveLimits DEFAULTS = new AdaptiveLimits(64, 16, 64);
    private static final long SERVICE_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

    @Test
    void clientsArrivingInStepAtAQuarterOfCapacityAreNeverRefused() {
        Simulation service = new Simulation(DEFAULTS);
        // 32 requests at once every 32 ms: each burst is worked through in 8 ms, its last request waiting
        // 32 times as long as its first, and the server is idle for the rest.
        long every = TimeUnit.MILLISECONDS.toNanos(32);
        for (int burst = 0; burst < 60 * 1000 / 32; burst++) {
            for (int request = 0; request < 32; request++) {
                service.arrive(burst * every, answered -> { });
            }
        }
        service.runUntil(TimeUnit.SECONDS.toNanos(61));

        assertThat(service.answered).isEqualTo(60 * 1000 / 32 * 32);
        assertThat(service.refused).as("requests refused").isZero();
    }

    @Test
    void aStandingQueueBringsTheLimitDown() {
        Simulation service = new Simulation(DEFAULTS);
        for (int client = 0; client < 16; client++) {
            service.client(0, TimeUnit.SECONDS.toNanos(10));
        }
        service.runUntil(TimeUnit.SECONDS.toNanos(3));
        assertThat(service.refused).as("refused at the usual load").isZero();

        // 240 clients more: every admitted request queues behind all the others.
        for (int client = 0; client < 240; client++) {
            service.client(TimeUnit.SECONDS.toNanos(3), TimeUnit.SECONDS.toNanos(10));
        }
        service.runUntil(TimeUnit.SECONDS.toNanos(5));
        assertThat(service.lowestLimit).as("the lowest limit under the crowd").isLessThanOrEqualTo(48);
        assertThat(service.refused).as("the crowd was refused in part").isPositive();
    }

    /**
     * The server and its clients, as events in time order. A closed-loop client sends its next request when
     * the last is answered, or 1 ms after a refusal, until it leaves.
     */
    private static final class Simulation {

        private record Event(long at, long order, Runnable action) {
        }

        private final PriorityQueue<Event> events = new PriorityQueue<>(
                (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
        private final Queue<Runnable> waiting = new ArrayDeque<>();
        private final AdaptiveAdmission admission;
        private long now;
        private long order;
        private boolean serving;
        long answered;
        long refused;
        int lowestLimit;

        Simulation(AdaptiveLimits limits) {
            admission = new AdaptiveAdmission(limits, () -> now);
            lowestLimit = admission.limit();
        }

        /** What a client does once its request was answered, or refused. */
        interface Then {
            void after(boolean answered);
        }

        /** A request arriving at {@code at}. */
        void arrive(long at, Then then) {
            at(at, () -> {
                Optional<Limiter.Listener> permit = admission.tryAdmit();
                if (permit.isEmpty()) {
                    refused++;
                    then.after(false);
                    return;
                }
                waiting.add(() -> {
                    new AdmittedRequest(permit.get()).answered(201);
                    answered++;
                    lowestLimit = Math.min(lowestLimit, admission.limit());
                    then.after(true);
                });
                serveNext();
            });
        }

        /** A closed-loop client from {@code from} until {@code until}. */
        void client(long from, long until) {
            arrive(from, new Then() {
                @Override
                public void after(boolean answered) {
                    long again = now + (answered ? 0 : TimeUnit.MILLISECONDS.toNanos(1));
                    if (again < until) {
                        arrive(again, this);
                    }
                }
            });
        }

        void runUntil(long end) {
            while (!events.isEmpty() && events.peek().at <= end) {
                Event next = events.poll();
                now = next.at;
                next.action.run();
            }
            now = end;
        }

        private void serveNext() {
            if (serving || waiting.isEmpty()) {
                return;
            }
            serving = true;
            Runnable request = waiting.poll();
            at(now + SERVICE_NANOS, () -> {
                serving = false;
                request.run();
                serveNext();
            });
        }

        private void at(long at, Runnable action) {
            events.add(new Event(at, order++, action));
        }
    }
}
