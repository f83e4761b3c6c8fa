package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.messagebus.BusMetrics;
import com.made.allocation.service.messagebus.Grouping;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.messagebus.OutboxMessageBus;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.testing.Facts;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A group commit on PostgreSQL: the allocations of one SKU queued together cost one load and one version bump. */
class GroupCommitIT {

    private final Database database = TestDatabases.migratedPostgres();
    private final StoredMessages messages = TestOutboxes.on(database);
    private final CountingDataSource counting = new CountingDataSource(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void allocationsOfOneSkuQueuedTogetherCostOneLoadAndOneVersionBump() throws Exception {
        CountDownLatch firstInTransaction = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        JooqUnitOfWorkFactory units = new JooqUnitOfWorkFactory(counting.dataSource(), database.dialect(),
                Locking.PESSIMISTIC, messages);
        UnitOfWorkFactory gated = () -> {
            if (first.getAndSet(false)) {
                firstInTransaction.countDown();
                await(othersQueued);
            }
            return units.start();
        };
        OutboxMessageBus bus = new OutboxMessageBus(gated, Handlers.registry((to, message) -> { }),
                messages.deliveries(), messages.inbox(), new EventMessages(), Retries.DEFAULT, Clock.systemUTC(),
                BusMetrics.NONE, new CommittedPublications(), new Grouping(8, 1), units.batchSkus());
        new OutboxMessageBus(units, Handlers.registry((to, message) -> { }), messages.deliveries(),
                messages.inbox(), new EventMessages(), Retries.DEFAULT, Clock.systemUTC())
                .handle(new Commands.CreateBatch("stock", "HOT", 100, null));
        var sql = DSL.using(database.dataSource(), database.dialect());
        int versionBefore = version(sql);
        counting.reset();

        Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String orderid = "o" + i;
            Thread caller = new Thread(() -> answers.put(orderid, bus.handle(new Commands.Allocate(orderid, "HOT", 1))));
            callers.add(caller);
            caller.start();
            if (i == 0) {
                await(firstInTransaction);
            } else {
                awaitQueued(bus, i); // behind the first, which holds its transaction open
            }
        }
        othersQueued.countDown();
        for (Thread caller : callers) {
            caller.join(10_000);
        }

        assertThat(answers).hasSize(5).allSatisfy((orderid, batch) -> assertThat(batch).contains("stock"));
        // The first alone, then the four queued behind it in one transaction.
        assertThat(statements("for update")).isEqualTo(2);
        assertThat(statements("update \"products\"")).isEqualTo(2);
        assertThat(statements("commit")).isEqualTo(2);
        assertThat(counting.executions()).as("round trips: the first alone, then the group, each in two (its product "
                + "with its orders' lines, its writes with the commit)").hasSize(4);
        assertThat(statements("from \"allocations\"")).as("each order's line looked up once").isEqualTo(5);
        assertThat(version(sql)).as("each allocation a version, two writes of it").isEqualTo(versionBefore + 5);
        Invariants.assertHold(sql);
    }

    @Test
    void aBatchsSkuIsReadWhileAnotherTransactionHoldsItsProductsLock() throws Exception {
        JooqUnitOfWorkFactory units = new JooqUnitOfWorkFactory(database, Locking.PESSIMISTIC, messages);
        new OutboxMessageBus(units, Handlers.registry((to, message) -> { }), messages.deliveries(),
                messages.inbox(), new EventMessages(), Retries.DEFAULT, Clock.systemUTC())
                .handle(new Commands.CreateBatch("stock", "HOT", 100, null));
        ExecutorService lookup = Executors.newSingleThreadExecutor();
        try (Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (Statement lock = other.createStatement()) {
                lock.execute("SELECT * FROM products WHERE sku = 'HOT' FOR UPDATE");
            }

            // What the bus reads to choose the lane of a quantity change of "stock": it must not wait.
            Future<Optional<String>> sku = lookup.submit(() -> units.batchSkus().skuOf("stock"));

            assertThat(sku.get(10, TimeUnit.SECONDS)).contains("HOT");
            other.rollback();
        } finally {
            lookup.shutdownNow();
        }
    }

    /** Until {@code count} commands wait in the bus's lanes. */
    private static void awaitQueued(OutboxMessageBus bus, int count) {
        Facts.await(Duration.ofSeconds(10), count + " commands queued", () -> bus.queuedCommands() >= count);
    }

    private static int version(DSLContext sql) {
        return ((Number) sql.fetchValue("SELECT version_number FROM products WHERE sku = 'HOT'")).intValue();
    }

    /** How many statements that reached the database contain {@code text}. */
    private long statements(String text) {
        return counting.executions().stream().flatMap(sql -> Arrays.stream(sql.split(";\n")))
                .filter(sql -> sql.toLowerCase(Locale.ROOT).contains(text)).count();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
