package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.testing.Facts;
import com.made.allocation.service.unitofwork.UnitOfWork;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With pessimistic locking, a second writer of a busy product waits for its turn in the process, holding no
 * connection, on every path that loads a product: by SKU (allocate) and by batch reference (add_batch,
 * change_batch_quantity).
 */
class ProductTurnsIT {

    private final Database database = TestDatabases.migratedPostgres();
    private final JooqUnitOfWorkFactory uows = TestOutboxes.unitsOfWork(database, Locking.PESSIMISTIC);
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @BeforeEach
    void storeProducts() {
        try (UnitOfWork uow = uows.start()) {
            // "Aa" and "BB" have the same hash code: they must not share a turn all the same.
            uow.products().add(new Product("Aa", List.of(new Batch("b1", "Aa", 10, null))));
            uow.products().add(new Product("BB", List.of(new Batch("b2", "BB", 10, null))));
            uow.commit();
        }
    }

    @AfterEach
    void close() {
        other.shutdownNow();
        database.close();
    }

    private <T> Future<T> inOtherThread(Function<UnitOfWork, T> work) {
        return other.submit((Callable<T>) () -> {
            try (UnitOfWork uow = uows.start()) {
                T result = work.apply(uow);
                uow.commit();
                return result;
            }
        });
    }

    /** Until the other thread is queued for the turn of {@code sku} in this process. */
    private void awaitOtherWriterQueuedFor(String sku) {
        Facts.await(Duration.ofSeconds(10), "the second writer to wait for its turn in the process",
                () -> uows.turns().waiting(sku) > 0);
    }

    private int backendsWaitingForALock() {
        return DSL.using(database.dataSource(), database.dialect()).fetchOne(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
                .get(0, Integer.class);
    }

    private int connectionsInUse() {
        return ((HikariDataSource) database.dataSource()).getHikariPoolMXBean().getActiveConnections();
    }

    /** Holds the turn and row of "Aa" while {@code second} runs, checks it waits without a connection. */
    private <T> T secondWriterWaitsForTheFirst(Function<UnitOfWork, T> second) throws Exception {
        Future<T> waiting;
        try (UnitOfWork first = uows.start()) {
            assertThat(allocating("o1", "Aa").apply(first)).contains("b1");
            waiting = inOtherThread(second);
            awaitOtherWriterQueuedFor("Aa");

            assertThat(backendsWaitingForALock()).isZero();
            assertThat(connectionsInUse()).as("only the first writer's connection").isEqualTo(1);
            first.commit();
        }
        return waiting.get(10, TimeUnit.SECONDS);
    }

    private static Function<UnitOfWork, Optional<String>> allocating(String orderid, String sku) {
        return uow -> uow.products().get(sku).orElseThrow().allocate(new OrderLine(orderid, sku, 1));
    }

    /** Allocates in the other thread, which must not have to wait for it. */
    private Optional<String> allocateInOtherThreadAtOnce(String orderid, String sku) throws Exception {
        return inOtherThread(allocating(orderid, sku)).get(5, TimeUnit.SECONDS);
    }

    private int allocatedOf(String sku, String batch) {
        try (UnitOfWork uow = uows.start()) {
            return uow.products().get(sku).orElseThrow().batch(batch).orElseThrow().allocatedQuantity();
        }
    }

    @Test
    void anAllocationWaitsWithoutAConnectionAndGoesOnWhenTheFirstCommits() throws Exception {
        assertThat(secondWriterWaitsForTheFirst(allocating("o2", "Aa"))).contains("b1");
        assertThat(allocatedOf("Aa", "b1")).isEqualTo(2);
    }

    @Test
    void aQuantityChangeFindsItsProductByBatchAndWaitsWithoutAConnection() throws Exception {
        secondWriterWaitsForTheFirst(uow -> {
            uow.products().getByBatchRef("b1").orElseThrow().changeBatchQuantity("b1", 5);
            return null;
        });
        try (UnitOfWork uow = uows.start()) {
            Batch batch = uow.products().get("Aa").orElseThrow().batch("b1").orElseThrow();
            assertThat(batch.purchasedQuantity()).isEqualTo(5);
            assertThat(batch.allocatedQuantity()).isEqualTo(1);
        }
    }

    @Test
    void aNewBatchLooksForItsReferenceThenWaitsForItsProductWithoutAConnection() throws Exception {
        secondWriterWaitsForTheFirst(uow -> {
            assertThat(uow.products().getByBatchRef("b3")).isEmpty();
            uow.products().get("Aa").orElseThrow().addBatch(new Batch("b3", "Aa", 7, null));
            return null;
        });
        assertThat(allocatedOf("Aa", "b1")).isEqualTo(1);
        assertThat(allocatedOf("Aa", "b3")).isZero();
    }

    @Test
    void writersOfAnotherSkuDoNotWait() throws Exception {
        try (UnitOfWork first = uows.start()) {
            assertThat(allocating("o1", "Aa").apply(first)).contains("b1");

            assertThat(allocateInOtherThreadAtOnce("o2", "BB")).contains("b2");
            first.commit();
        }
    }

    @Test
    void aTurnEndsWithItsUnitOfWorkEvenWithoutACommit() throws Exception {
        try (UnitOfWork abandoned = uows.start()) {
            assertThat(allocating("o1", "Aa").apply(abandoned)).contains("b1");
        }

        assertThat(allocateInOtherThreadAtOnce("o2", "Aa")).contains("b1");
    }
}
