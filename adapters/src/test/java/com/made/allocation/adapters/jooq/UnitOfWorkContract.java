package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;
import static com.made.allocation.adapters.jooq.schema.Tables.PRODUCTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.ConcurrencyConflict;
import com.made.allocation.service.UnitOfWork;
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

/** The book's unit-of-work tests (chapter 9), and the release of connections on every path, on a real database. */
abstract class UnitOfWorkContract {

    private final Database database = newDatabase();
    private final JooqUnitOfWorkFactory uows = TestOutboxes.unitsOfWork(database, Locking.OPTIMISTIC);

    protected abstract Database newDatabase();

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
    void canRetrieveABatchAndAllocateToIt() {
        insertBatch("batch1", "HIPSTER-WORKBENCH", 100, null, 1);

        try (UnitOfWork uow = uows.start()) {
            Product product = uow.products().get("HIPSTER-WORKBENCH").orElseThrow();
            product.allocate(new OrderLine("o1", "HIPSTER-WORKBENCH", 10));
            uow.commit();
        }

        assertThat(allocatedBatchRefs("o1", "HIPSTER-WORKBENCH")).containsExactly("batch1");
        assertThat(version("HIPSTER-WORKBENCH")).isEqualTo(2);
        assertThat(connectionsInUse()).isZero();
    }

    @Test
    void rollsBackUncommittedWorkByDefault() {
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
    void rollsBackOnError() {
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

    @Test
    void aQuantityChangeWritesTheBatchAndTheDeallocations() {
        insertBatch("batch1", "RUG", 50, null, 1);
        try (UnitOfWork uow = uows.start()) {
            Product product = uow.products().get("RUG").orElseThrow();
            product.allocate(new OrderLine("o1", "RUG", 20));
            product.allocate(new OrderLine("o2", "RUG", 20));
            uow.commit();
        }
        try (UnitOfWork uow = uows.start()) {
            uow.products().getByBatchRef("batch1").orElseThrow().changeBatchQuantity("batch1", 25);
            uow.commit();
        }

        assertThat(sql().select(BATCHES.PURCHASED_QUANTITY).from(BATCHES).fetchOne().value1()).isEqualTo(25);
        assertThat(allocatedBatchRefs("o1", "RUG")).containsExactly("batch1");
        assertThat(allocatedBatchRefs("o2", "RUG")).isEmpty();
        assertThat(version("RUG")).isEqualTo(4);
    }

    @Test
    void aNewProductThatRacesAnotherIsAConflict() {
        try (UnitOfWork first = uows.start(); UnitOfWork second = uows.start()) {
            first.products().add(new Product("TWIN", List.of(new Batch("t1", "TWIN", 1, null))));
            second.products().add(new Product("TWIN", List.of(new Batch("t2", "TWIN", 1, null))));
            first.commit();
            assertThatThrownBy(second::commit).isInstanceOf(ConcurrencyConflict.class);
        }
        assertThat(sql().select(BATCHES.REFERENCE).from(BATCHES).fetch(BATCHES.REFERENCE)).containsExactly("t1");
    }
}
