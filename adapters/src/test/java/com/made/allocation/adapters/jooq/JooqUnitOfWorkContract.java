package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;
import static com.made.allocation.adapters.jooq.schema.Tables.PRODUCTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.unitofwork.UnitOfWork;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The unit-of-work contract on jOOQ, on a database of the subclass's choosing; and what only a database
 * shows: connections given back on every path, a commit that fails halfway, two threads racing.
 */
abstract class JooqUnitOfWorkContract extends UnitOfWorkContract {

    private final Database database = newDatabase();
    private final JooqUnitOfWorkFactory uows = TestOutboxes.unitsOfWork(database, Locking.OPTIMISTIC);

    protected abstract Database newDatabase();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return uows;
    }

    @AfterEach
    void close() {
        database.close();
    }

    private DSLContext sql() {
        return DSL.using(database.dataSource(), database.dialect());
    }

    private void insertBatch(String ref, String sku, int qty, LocalDate eta, int version) {
        DSLContext sql = sql();
        sql.transaction(tx -> {
            tx.dsl().insertInto(PRODUCTS, PRODUCTS.SKU, PRODUCTS.VERSION_NUMBER).values(sku, version).execute();
            tx.dsl().insertInto(BATCHES, BATCHES.REFERENCE, BATCHES.SKU, BATCHES.PURCHASED_QUANTITY, BATCHES.ETA)
                    .values(ref, sku, qty, eta).execute();
        });
    }

    private List<String> allocatedBatchRefs(String orderid, String sku) {
        return sql().select(ALLOCATIONS.BATCH_REF).from(ALLOCATIONS)
                .where(ALLOCATIONS.ORDERID.eq(orderid).and(ALLOCATIONS.SKU.eq(sku))).fetch(ALLOCATIONS.BATCH_REF);
    }

    private int version(String sku) {
        return sql().select(PRODUCTS.VERSION_NUMBER).from(PRODUCTS).where(PRODUCTS.SKU.eq(sku)).fetchOne().value1();
    }

    private int connectionsInUse() {
        return ((HikariDataSource) database.dataSource()).getHikariPoolMXBean().getActiveConnections();
    }

    @Test
    void uncommittedWorkGivesItsConnectionBack() {
        insertBatch("batch1", "MEDIUM-PLINTH", 100, null, 1);

        try (UnitOfWork uow = uows.start()) {
            uow.products().get("MEDIUM-PLINTH").orElseThrow().allocate(new OrderLine("o1", "MEDIUM-PLINTH", 10));
            uow.products().add(new Product("NEW-SKU", List.of(new Batch("b9", "NEW-SKU", 5, null))));
        }

        assertThat(allocatedBatchRefs("o1", "MEDIUM-PLINTH")).isEmpty();
        assertThat(version("MEDIUM-PLINTH")).isEqualTo(1);
        assertThat(sql().fetchCount(PRODUCTS)).isEqualTo(1);
        assertThat(connectionsInUse()).isZero();
    }

    @Test
    void anErrorGivesTheConnectionBack() {
        insertBatch("batch1", "LARGE-FORK", 100, null, 1);
        class MyException extends RuntimeException {
        }

        assertThatThrownBy(() -> {
            try (UnitOfWork uow = uows.start()) {
                uow.products().get("LARGE-FORK").orElseThrow().allocate(new OrderLine("o1", "LARGE-FORK", 10));
                throw new MyException();
            }
        }).isInstanceOf(MyException.class);

        assertThat(allocatedBatchRefs("o1", "LARGE-FORK")).isEmpty();
        assertThat(connectionsInUse()).isZero();
    }

    @Test
    void aCommitThatFailsHalfwayKeepsNothing() {
        insertBatch("batch1", "SOFA", 100, null, 1);
        try (UnitOfWork uow = uows.start()) {
            uow.products().get("SOFA").orElseThrow().allocate(new OrderLine("o1", "SOFA", 10));
            // Someone slips the same order line in behind the aggregate's back: our insert will collide
            // after our version update succeeded, and the version update must be undone with it.
            sql().transaction(tx -> tx.dsl().insertInto(ALLOCATIONS, ALLOCATIONS.ORDERID, ALLOCATIONS.SKU,
                    ALLOCATIONS.QTY, ALLOCATIONS.BATCH_REF).values("o1", "SOFA", 3, "batch1").execute());

            assertThatThrownBy(uow::commit).isInstanceOf(ConcurrencyConflict.class);
        }

        assertThat(version("SOFA")).isEqualTo(1);
        assertThat(sql().select(ALLOCATIONS.QTY).from(ALLOCATIONS).fetch(ALLOCATIONS.QTY)).containsExactly(3);
        assertThat(connectionsInUse()).isZero();
    }

    @Test
    void concurrentUpdatesAreNotAllowed() throws Exception {
        insertBatch("batch1", "GENERIC-SOFA", 100, null, 1);
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        Runnable allocateAfterTheOtherLoaded = () -> {
            String orderid = Thread.currentThread().getName();
            try (UnitOfWork uow = uows.start()) {
                Product product = uow.products().get("GENERIC-SOFA").orElseThrow();
                product.allocate(new OrderLine(orderid, "GENERIC-SOFA", 10));
                bothLoaded.await(10, TimeUnit.SECONDS);
                uow.commit();
            } catch (Throwable error) {
                failures.add(error);
            }
        };
        Thread first = new Thread(allocateAfterTheOtherLoaded, "order1");
        Thread second = new Thread(allocateAfterTheOtherLoaded, "order2");
        first.start();
        second.start();
        first.join(30_000);
        second.join(30_000);

        assertThat(failures).singleElement().isInstanceOf(ConcurrencyConflict.class);
        assertThat(version("GENERIC-SOFA")).isEqualTo(2);
        assertThat(sql().fetchCount(ALLOCATIONS)).isEqualTo(1);
        assertThat(connectionsInUse()).isZero();

        // and the pool still works
        try (UnitOfWork uow = uows.start()) {
            uow.products().get("GENERIC-SOFA").orElseThrow().allocate(new OrderLine("order3", "GENERIC-SOFA", 1));
            uow.commit();
        }
        assertThat(version("GENERIC-SOFA")).isEqualTo(3);
    }

}
