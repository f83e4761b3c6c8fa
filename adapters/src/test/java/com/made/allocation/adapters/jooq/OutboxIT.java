package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.OUTBOX;
import static com.made.allocation.adapters.jooq.schema.Tables.PRODUCTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.jooq.messages.JooqDeliveries;
import com.made.allocation.adapters.jooq.messages.JooqOutboxReport;
import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.OutOfStock;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.failures.InvalidSku;
import com.made.allocation.service.handlers.AddBatch;
import com.made.allocation.service.handlers.Allocate;
import com.made.allocation.service.handlers.ChangeBatchQuantity;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.handlers.Notifications;
import com.made.allocation.service.handlers.SendOutOfStockNotification;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.messagebus.OutboxMessageBus;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.OutboxDispatcher;
import com.made.allocation.service.outbox.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox on PostgreSQL: nothing is lost between transactions, nothing is done twice. */
class OutboxIT {

    private static final Duration NO_LEASE = Duration.ZERO; // entries are due again at once: a crash is simulated

    private final Database database = TestDatabases.migratedPostgres();
    private final List<String> mails = new CopyOnWriteArrayList<>();
    private final Notifications notifications = (destination, message) -> mails.add(message);

    @AfterEach
    void close() {
        database.close();
    }

    private DSLContext sql() {
        return DSL.using(database.dataSource(), database.dialect());
    }

    private OutboxMessageBus bus(HandlerRegistry handlers, StoredMessages messages, RetryPolicy deliveries) {
        return new OutboxMessageBus(new JooqUnitOfWorkFactory(database, Locking.PESSIMISTIC, messages), handlers,
                messages.deliveries(), messages.inbox(), new EventMessages(), Retries.DEFAULT.withDeliveries(deliveries),
                Clock.systemUTC());
    }

    private static OutboxDispatcher dispatcher(StoredMessages messages, OutboxMessageBus bus) {
        return new OutboxDispatcher(messages.deliveries(), messages.inbox(), bus::deliver,
                Duration.ofSeconds(1), Duration.ofDays(7), Clock.systemUTC());
    }

    private void assertInvariantsHold() {
        Invariants.assertHold(sql());
    }

    @Test
    void aCrashRightAfterTheDeallocationCommitsLosesNoLine() {
        StoredMessages outbox = TestOutboxes.on(database, NO_LEASE);
        HandlerRegistry standard = Handlers.registry(notifications);
        OutboxMessageBus setup = bus(standard, outbox, RetryPolicy.DELIVERIES);
        setup.handle(new Commands.CreateBatch("warehouse", "TABLE", 100, null));
        setup.handle(new Commands.CreateBatch("shipment", "TABLE", 100, java.time.LocalDate.of(2030, 1, 1)));
        for (int i = 0; i < 50; i++) {
            setup.handle(new Commands.Allocate("order-" + i, "TABLE", 2));
        }

        // The fault: the process dies as soon as the quantity change has committed, before any reallocation
        // (an Error, which the bus does not take for a handler's failure to record).
        class Crash extends Error {
        }
        Allocate allocate = new Allocate();
        HandlerRegistry crashing = new HandlerRegistry()
                .handle(Commands.CreateBatch.class, new AddBatch())
                .handle(Commands.ChangeBatchQuantity.class, new ChangeBatchQuantity())
                .handle(Commands.Allocate.class, allocate)
                .on(AllocationRequired.class, "allocate", (event, uow) -> {
                    throw new Crash();
                })
                .on(OutOfStock.class, "send_out_of_stock_notification", new SendOutOfStockNotification(notifications));
        assertThatThrownBy(() -> bus(crashing, outbox, RetryPolicy.DELIVERIES)
                .handle(new Commands.ChangeBatchQuantity("warehouse", 30))).isInstanceOf(Crash.class);
        assertThat(sql().fetchCount(OUTBOX, OUTBOX.STATUS.eq("PENDING"))).isEqualTo(35);
        assertThat(sql().fetchCount(DSL.table("allocations"))).isEqualTo(15);

        // A freshly built service on the same database finishes the work.
        StoredMessages restartedOutbox = TestOutboxes.on(database, NO_LEASE);
        OutboxDispatcher dispatcher = dispatcher(restartedOutbox,
                bus(Handlers.registry(notifications), restartedOutbox, RetryPolicy.DELIVERIES));
        assertThat(dispatcher.runOnce()).isEqualTo(35);

        assertThat(sql().fetchCount(OUTBOX, OUTBOX.STATUS.eq("DONE"))).isEqualTo(35);
        assertThat(sql().fetch("SELECT batch_ref, COUNT(*) FROM allocations GROUP BY batch_ref ORDER BY batch_ref")
                .map(row -> row.get(0) + "=" + row.get(1))).containsExactly("shipment=35", "warehouse=15");
        assertInvariantsHold();
        assertThat(dispatcher.runOnce()).isZero();
    }

    @Test
    void aHandlerThatAlwaysFailsEndsDeadAndTheOtherHandlersStillRan() {
        StoredMessages outbox = TestOutboxes.on(database, NO_LEASE);
        JooqOutboxReport operators = outbox.report();
        AtomicInteger brokenAttempts = new AtomicInteger();
        HandlerRegistry handlers = Handlers.registry(notifications)
                .on(OutOfStock.class, "always_failing", (event, uow) -> {
                    brokenAttempts.incrementAndGet();
                    throw new IllegalStateException("warehouse robot offline");
                });
        RetryPolicy threeQuickAttempts = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
        OutboxMessageBus bus = bus(handlers, outbox, threeQuickAttempts);
        bus.handle(new Commands.CreateBatch("b1", "LAMP", 1, null));

        assertThat(bus.handle(new Commands.Allocate("o1", "LAMP", 5))).isEmpty();
        OutboxDispatcher dispatcher = dispatcher(outbox, bus);
        dispatcher.runOnce();
        dispatcher.runOnce();

        assertThat(brokenAttempts.get()).isEqualTo(3);
        assertThat(mails).containsExactly("Out of stock for LAMP");
        var report = operators.report(10).deliveries();
        assertThat(report.countsByStatus()).containsEntry("DONE", 1L).containsEntry("DEAD", 1L).containsEntry("PENDING", 0L);
        assertThat(report.dead()).singleElement().satisfies(dead -> {
            assertThat(dead.destination()).isEqualTo("always_failing");
            assertThat(dead.messageType()).isEqualTo("OutOfStock");
            assertThat(dead.message()).contains("LAMP");
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.lastError()).isEqualTo("IllegalStateException: warehouse robot offline");
        });
        assertThat(dispatcher.runOnce()).as("dead entries are not retried").isZero();

        // an operator re-drives it; it fails again and is parked again, never dropped
        assertThat(operators.redriveDelivery(report.dead().get(0).id())).isTrue();
        assertThat(operators.redrivePublication(report.dead().get(0).id())).as("not a publication").isFalse();
        assertThat(dispatcher.runOnce()).isEqualTo(1);
        assertThat(operators.report(10).deliveries().countsByStatus()).containsEntry("PENDING", 1L);
        assertInvariantsHold();
    }

    private int rugVersion() {
        return sql().select(PRODUCTS.VERSION_NUMBER).from(PRODUCTS).where(PRODUCTS.SKU.eq("RUG")).fetchOne().value1();
    }

    @Test
    void aDeliveryHandledTwiceChangesTheDatabaseOnce() {
        StoredMessages outbox = TestOutboxes.on(database);
        OutboxMessageBus bus = bus(Handlers.registry(notifications), outbox, RetryPolicy.DELIVERIES);
        bus.handle(new Commands.CreateBatch("b1", "RUG", 10, null));
        bus.handle(new Commands.Allocate("o1", "RUG", 4));
        bus.handle(new Commands.ChangeBatchQuantity("b1", 0));
        long id = sql().select(OUTBOX.ID).from(OUTBOX).where(OUTBOX.HANDLER.eq("allocate")).fetchOne().value1();
        int version = rugVersion();

        bus.deliver(new Delivery(id, new AllocationRequired("o1", "RUG", 4), "allocate", 0));

        assertThat(rugVersion())
                .isEqualTo(version);
        assertThat(sql().select(OUTBOX.ATTEMPTS).from(OUTBOX).where(OUTBOX.ID.eq(id)).fetchOne().value1()).isEqualTo(1);
        assertThat(mails).containsExactly("Out of stock for RUG"); // from the first handling only
    }

    @Test
    void concurrentDispatchersNeverClaimTheSameEntry() throws Exception {
        StoredMessages outbox = TestOutboxes.on(database, NO_LEASE);
        OutboxMessageBus bus = bus(Handlers.registry(notifications), outbox, RetryPolicy.DELIVERIES);
        bus.handle(new Commands.CreateBatch("b1", "CUP", 1, null));
        List<Delivery.Envelope> envelopes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            envelopes.add(new Delivery.Envelope(new OutOfStock("CUP"), "send_out_of_stock_notification"));
        }
        database.inTransaction("storing", connection -> {
            RoundTrip inserts = new RoundTrip();
            outbox.deliveries().store(envelopes, new ArrayList<>(), inserts);
            inserts.run(connection, false);
            return null;
        });
        JooqDeliveries longLease = TestOutboxes.on(database, Duration.ofMinutes(5)).deliveries();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> claims = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            claims.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                List<Delivery> batch;
                do {
                    batch = longLease.claimDue(7);
                    batch.forEach(delivery -> mine.add(delivery.id()));
                } while (!batch.isEmpty());
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> claim : claims) {
            all.addAll(claim.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        Set<Long> distinct = new HashSet<>(all);
        assertThat(all).hasSize(300);
        assertThat(distinct).hasSize(300);
    }

    @Test
    void anOutOfStockAllocationCostsOneOutboxInsertAndOneUpdate() {
        StoredMessages outbox = TestOutboxes.on(database);
        CountingDataSource counting = new CountingDataSource(database.dataSource());
        OutboxMessageBus bus = new OutboxMessageBus(new JooqUnitOfWorkFactory(counting.dataSource(),
                database.dialect(), Locking.PESSIMISTIC, outbox), Handlers.registry(notifications),
                outbox.deliveries(), outbox.inbox(), new EventMessages(), Retries.DEFAULT, Clock.systemUTC());
        bus.handle(new Commands.CreateBatch("b1", "LAMP", 1, null));
        bus.handle(new Commands.Allocate("o1", "LAMP", 1));
        counting.reset();

        bus.handle(new Commands.Allocate("o2", "LAMP", 1)); // out of stock: one mail follows

        assertThat(outboxStatements(counting)).containsExactly("insert", "update");
        assertThat(mails).containsExactly("Out of stock for LAMP");

        counting.reset();
        assertThatThrownBy(() -> bus.handle(new Commands.Allocate("o3", "OTHER", 1))) // nothing stored
                .isInstanceOf(InvalidSku.class);
        assertThat(outboxStatements(counting)).isEmpty();
    }

    /** The kinds of the statements on the outbox that reached the database, in order. */
    private static List<String> outboxStatements(CountingDataSource counting) {
        return counting.executions().stream().flatMap(sql -> Arrays.stream(sql.split(";\n")))
                .filter(sql -> sql.contains("\"outbox\""))
                .map(sql -> sql.startsWith("select") && sql.contains("insert into") ? "insert" : sql.split(" ")[0])
                .toList();
    }
}
