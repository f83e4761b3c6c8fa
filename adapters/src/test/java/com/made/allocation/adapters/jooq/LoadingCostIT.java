package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import com.made.allocation.service.unitofwork.UnitOfWork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loading and allocating cost the same few statements however many batches and allocations there are. */
class LoadingCostIT {

    private final Database database = TestDatabases.migratedPostgres();
    private final CountingDataSource counting = new CountingDataSource(database.dataSource());
    private final JooqUnitOfWorkFactory countingUows = new JooqUnitOfWorkFactory(counting.dataSource(),
            database.dialect(), Locking.PESSIMISTIC, TestOutboxes.on(database));

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
        counting.reset();
        try (UnitOfWork uow = countingUows.start()) {
            Product product = (byBatchRef ? uow.products().getByBatchRef(sku + "-b0") : uow.products().get(sku))
                    .orElseThrow();
            assertThat(product.batches()).isNotEmpty();
        }
        return counting.executions().size();
    }

    @Test
    void loadingCostsAFixedNumberOfStatements() {
        store("SMALL", 1, 1);
        store("LARGE", 25, 40);

        // the product row and its batches in one round trip (a prepared multi-statement)
        assertThat(statementsToLoad("SMALL", false)).isEqualTo(1).isEqualTo(statementsToLoad("LARGE", false));
        assertThat(statementsToLoad("SMALL", true)).isEqualTo(2).isEqualTo(statementsToLoad("LARGE", true));
    }

    /** The round trips of an allocation, each as the statements it sent ("select products" ...). */
    private List<List<String>> roundTripsToAllocate(String sku, String orderid) {
        counting.reset();
        try (UnitOfWork uow = countingUows.start()) {
            assertThat(uow.products().get(sku).orElseThrow().allocate(new OrderLine(orderid, sku, 1))).isPresent();
            uow.commit();
        }
        return counting.executions().stream().map(sql -> Arrays.stream(sql.split(";"))
                .map(LoadingCostIT::verbAndTable).toList()).toList();
    }

    private static String verbAndTable(String statement) {
        String verb = statement.strip().split(" ")[0];
        for (String table : List.of("products", "batches", "allocations")) {
            if (statement.contains("\"" + table + "\"")) {
                return verb + " " + table;
            }
        }
        return verb;
    }

    @Test
    void anAllocationCostsTheSameStatementsHoweverManyLinesAreStored() {
        store("SMALL", 1, 1);
        store("LARGE", 25, 40);

        List<List<String>> small = roundTripsToAllocate("SMALL", "first");

        // the lock with the batches, the order's line, then the writes with the commit (prepared multi-statements)
        assertThat(small).containsExactly(List.of("select products", "select batches"),
                List.of("select allocations"),
                List.of("update products", "update batches", "insert allocations", "commit"));
        assertThat(roundTripsToAllocate("LARGE", "first")).isEqualTo(small);
        assertThat(roundTripsToAllocate("SMALL", "second")).isEqualTo(small);
    }

    @Test
    void aCommitStoresItsFollowOnDeliveriesInTheRoundTripOfItsWritesAndCommits() {
        store("RUG", 1, 2); // a batch of 12 with two lines of 1

        counting.reset();
        try (OutboxUnitOfWork uow = countingUows.start()) {
            uow.routeEventsTo(Handlers.registry((destination, message) -> { }), new EventMessages());
            uow.products().get("RUG").orElseThrow().changeBatchQuantity("RUG-b0", 1);
            uow.commit();
            assertThat(uow.collectNewDeliveries()).as("the deallocated line, to allocate again").singleElement()
                    .satisfies(delivery -> assertThat(delivery.id()).isPositive());
        }

        assertThat(counting.executions()).hasSize(3);
        assertThat(counting.executions().get(2).split(";")).extracting(LoadingCostIT::verbAndTable).containsExactly(
                "update products", "update batches", "delete allocations", "insert", "commit");
    }
}
