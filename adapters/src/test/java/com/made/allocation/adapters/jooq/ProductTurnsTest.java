package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One turn per SKU in use, kept only while someone holds or waits for it. */
class ProductTurnsTest {

    private final ProductTurns turns = new ProductTurns();

    @Test
    void aTurnIsForgottenWhenItsLastUserLeaves() {
        ProductTurns.Turn first = turns.take("LAMP");
        ProductTurns.Turn other = turns.take("RUG");
        assertThat(turns.inUse()).isEqualTo(2);

        turns.release(first);
        turns.release(other);

        assertThat(turns.inUse()).isZero();
    }

    @Test
    void manyWritersOfOneSkuTakeTurnsOneAtATimeAndLeaveNothingBehind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(8 * 200);
        for (int i = 0; i < 8 * 200; i++) {
            pool.submit(() -> {
                ProductTurns.Turn turn = turns.take("HOT");
                try {
                    mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    holding.decrementAndGet();
                } finally {
                    turns.release(turn);
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();

        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(turns.inUse()).isZero();
    }
}
