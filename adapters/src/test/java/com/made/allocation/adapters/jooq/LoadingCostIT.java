package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loading a product costs the same few statements however many batches and allocations it has. */
class LoadingCostIT {

    private final Database database = TestDatabases.migratedPostgres();
    private final AtomicInteger statements = new AtomicInteger();
    private final JooqUnitOfWorkFactory countingUows = new JooqUnitOfWorkFactory(database.dataSource(),
            database.jooqConfiguration().derive(new DefaultExecuteListenerProvider(new ExecuteListener() {
                @Override
                public void executeStart(ExecuteContext ctx) {
                    statements.incrementAndGet();
                }
            })), Locking.OPTIMISTIC, TestOutboxes.on(database));

    @AfterEach
    void close() {
        database.close();
    }

    private void store(String sku, int batches, int linesPerBatch) {
        List<Batch> stock = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            stock.add(new Batch(sku + "-b" + b, sku, linesPerBatch, null));
        }
        Product product = new Product(sku, stock);
        for (int line = 0; line < batches * linesPerBatch; line++) {
            product.allocate(new OrderLine("order" + line, sku, 1));
        }
        try (UnitOfWork uow = TestOutboxes.unitsOfWork(database, Locking.OPTIMISTIC).start()) {
            uow.products().add(product);
            uow.commit();
        }
    }

    private int statementsToLoad(String sku, boolean byBatchRef) {
        statements.set(0);
        try (UnitOfWork uow = countingUows.start()) {
            Product product = (byBatchRef ? uow.products().getByBatchRef(sku + "-b0") : uow.products().get(sku))
                    .orElseThrow();
            assertThat(product.batches()).isNotEmpty();
        }
        return statements.get();
    }

    @Test
    void loadingCostsAFixedNumberOfStatements() {
        store("SMALL", 1, 1);
        store("LARGE", 25, 40);

        assertThat(statementsToLoad("SMALL", false)).isEqualTo(3).isEqualTo(statementsToLoad("LARGE", false));
        assertThat(statementsToLoad("SMALL", true)).isEqualTo(4).isEqualTo(statementsToLoad("LARGE", true));
    }

    @Test
    void anAllocationWritesOneUpdateAndOneInsert() {
        store("SKU", 3, 10);
        store("SKU2", 1, 0);
        try (UnitOfWork uow = countingUows.start()) {
            uow.products().get("SKU2").orElseThrow().changeBatchQuantity("SKU2-b0", 5);
            uow.commit();
        }
        try (UnitOfWork uow = countingUows.start()) {
            uow.products().get("SKU2").orElseThrow().allocate(new OrderLine("new-order", "SKU2", 1));
            statements.set(0);
            uow.commit();
        }
        assertThat(statements.get()).isEqualTo(2); // UPDATE products ... version check, INSERT allocations
    }
}
