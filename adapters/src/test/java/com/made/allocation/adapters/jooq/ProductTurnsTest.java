package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.service.testing.Facts;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void aSecondWriterWaitsUntilTheFirstReleasesItsTurn() throws Exception {
        ProductTurns.Turn held = turns.take("HOT");
        AtomicBoolean secondHolds = new AtomicBoolean();
        Thread second = new Thread(() -> {
            ProductTurns.Turn turn = turns.take("HOT");
            secondHolds.set(true);
            turns.release(turn);
        });
        second.start();
        awaitWaiting("HOT", 1);
        assertThat(secondHolds).as("the second while the first holds the turn").isFalse();

        turns.release(held);
        second.join(10_000);

        assertThat(secondHolds).as("the second once the first released it").isTrue();
        assertThat(turns.inUse()).isZero();
    }

    @Test
    void writersOfOtherSkusDoNotWaitForEachOther() {
        ProductTurns.Turn lamp = turns.take("LAMP");
        ProductTurns.Turn rug = turns.take("RUG"); // on this thread: it would never return if it waited

        assertThat(turns.waiting("RUG")).isZero();
        turns.release(rug);
        turns.release(lamp);
    }

    @Test
    void manyWritersOfOneSkuLeaveNothingBehind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8 * 200);
        for (int i = 0; i < 8 * 200; i++) {
            pool.submit(() -> {
                turns.release(turns.take("HOT"));
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();

        assertThat(turns.inUse()).isZero();
    }

    /** Until {@code count} threads are queued for the turn of {@code sku}. */
    private void awaitWaiting(String sku, int count) {
        Facts.await(Duration.ofSeconds(10), count + " waiting for " + sku, () -> turns.waiting(sku) >= count);
    }
}
