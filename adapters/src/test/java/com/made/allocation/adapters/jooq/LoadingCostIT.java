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

/** Loading and allocating cost the same few statements however many batches and allocations there are. */
class LoadingCostIT {

    private final Database database = TestDatabases.migratedPostgres();
    private final AtomicInteger statements = new AtomicInteger();
    private final List<String> sql = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final JooqUnitOfWorkFactory countingUows = new JooqUnitOfWorkFactory(database.dataSource(),
            database.jooqConfiguration().derive(new DefaultExecuteListenerProvider(new ExecuteListener() {
                @Override
                public void executeStart(ExecuteContext ctx) {
                    statements.incrementAndGet();
                    if (ctx.batchSQL().length > 1) {
                        sql.addAll(List.of(ctx.batchSQL()));
                    } else {
                        sql.add(ctx.sql());
                    }
                }
            })), Locking.OPTIMISTIC, TestOutboxes.on(database));

    @AfterEach
    void close() {
        database.close();
    }

    private void store(String sku, int batches, int linesPerBatch) {
        List<Batch> stock = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            stock.add(new Batch(sku + "-b" + b, sku, linesPerBatch + (b == batches - 1 ? 10 : 0), null));
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

        assertThat(statementsToLoad("SMALL", false)).isEqualTo(2).isEqualTo(statementsToLoad("LARGE", false));
        assertThat(statementsToLoad("SMALL", true)).isEqualTo(3).isEqualTo(statementsToLoad("LARGE", true));
    }

    private List<String> statementsToAllocate(String sku) {
        sql.clear();
        statements.set(0);
        try (UnitOfWork uow = countingUows.start()) {
            assertThat(uow.products().get(sku).orElseThrow().allocate(new OrderLine("new-order", sku, 1))).isPresent();
            uow.commit();
        }
        return sql.stream().map(statement -> statement.split(" ")[0] + " " + table(statement)).toList();
    }

    private static String table(String statement) {
        for (String table : List.of("products", "batches", "allocations")) {
            if (statement.contains("\"" + table + "\"")) {
                return table;
            }
        }
        return "?";
    }

    @Test
    void anAllocationCostsTheSameStatementsHoweverManyLinesAreStored() {
        store("SMALL", 1, 1);
        store("LARGE", 25, 40);

        List<String> small = statementsToAllocate("SMALL");

        // the three writes go in one batch, one round trip
        assertThat(small).containsExactly("select products", "select batches", "select allocations",
                "update products", "update batches", "insert allocations");
        assertThat(statements.get()).isEqualTo(4);
        assertThat(statementsToAllocate("LARGE")).isEqualTo(small);
    }
}
