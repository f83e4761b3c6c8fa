package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.adapters.amqp.EventMessages;
import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.handlers.Notifications;
import com.made.allocation.service.messagebus.BusMetrics;
import com.made.allocation.service.messagebus.Grouping;
import com.made.allocation.service.messagebus.MessageBus;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.messagebus.OutboxMessageBus;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.RetryPolicy;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many threads allocate from one SKU through two instances of the bus on PostgreSQL. Whatever the interleaving, no batch is
 * over-allocated, no line is allocated twice, and every request is answered with a batch or "out of stock".
 *
 * <p>Pessimistic locking (the service's default) takes 16 writers with the default 25 attempts.
 * Optimistic locking is run with 4 writers and 100 attempts: on one product even 4 writers occasionally
 * make one of them lose 25 races in a row (seen once in about 15 runs), and with 16 it happens in every
 * run; the caller then gets a 503. That is why the service locks the product row by default. In each
 * instance the SKU's commands take turns in its lane (groups of one, or of up to 8 queued together), so the
 * races are between the two instances.
 */
class HotSkuStressIT {

    private static final int REQUESTS = 640;

    private final Database database = TestDatabases.migratedPostgres();

    @AfterEach
    void close() {
        database.close();
    }

    @ParameterizedTest(name = "{0}, {1} writers, groups of up to {3}")
    @CsvSource({"PESSIMISTIC, 16, 25, 1", "OPTIMISTIC, 4, 100, 1", "PESSIMISTIC, 16, 25, 8", "OPTIMISTIC, 16, 25, 8"})
    void manyWritersOnOneSkuKeepEveryInvariant(Locking locking, int threads, int attempts, int groupMax)
            throws Exception {
        AtomicInteger outOfStockNotices = new AtomicInteger();
        Notifications notifications = (destination, message) -> outOfStockNotices.incrementAndGet();
        StoredMessages outbox = TestOutboxes.on(database);
        // Two instances of the service on one database: in one, the commands of a SKU take turns in its lane;
        // between the two, they race for the product as two processes do.
        List<MessageBus> instances = new java.util.ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            JooqUnitOfWorkFactory units = new JooqUnitOfWorkFactory(database, locking, outbox);
            instances.add(new OutboxMessageBus(units, Handlers.registry(notifications), outbox.deliveries(),
                    outbox.inbox(), new EventMessages(),
                    Retries.DEFAULT.withConflicts(RetryPolicy.CONFLICTS.withMaxAttempts(attempts)), Clock.systemUTC(),
                    BusMetrics.NONE, new CommittedPublications(), new Grouping(groupMax, 2), units.batchSkus()));
        }
        MessageBus bus = instances.get(0);
        bus.handle(new Commands.CreateBatch("warehouse", "HOT", 300, null));
        bus.handle(new Commands.CreateBatch("ship-1", "HOT", 200, LocalDate.of(2030, 1, 1)));
        bus.handle(new Commands.CreateBatch("ship-2", "HOT", 100, LocalDate.of(2030, 2, 1)));

        Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
        Map<String, Integer> asked = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < REQUESTS / threads; i++) {
                    String orderid = "order-" + thread + "-" + i;
                    int qty = ThreadLocalRandom.current().nextInt(1, 4);
                    asked.put(orderid, qty);
                    MessageBus instance = instances.get(thread % 2);
                    answers.put(orderid, instance.handle(new Commands.Allocate(orderid, "HOT", qty)));
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(120, TimeUnit.SECONDS); // rethrows any exception that escaped the bus's retries
        }
        pool.shutdown();

        var sql = DSL.using(database.dataSource(), database.dialect());
        assertThat(answers).hasSize(REQUESTS);
        Invariants.assertHold(sql);

        Map<String, String> stored = sql.select(ALLOCATIONS.ORDERID, ALLOCATIONS.BATCH_REF).from(ALLOCATIONS)
                .fetchMap(ALLOCATIONS.ORDERID, ALLOCATIONS.BATCH_REF);
        answers.forEach((orderid, answer) -> assertThat(stored.get(orderid)).as(orderid).isEqualTo(answer.orElse(null)));
        long outOfStock = answers.values().stream().filter(Optional::isEmpty).count();
        assertThat(outOfStockNotices.get()).isEqualTo((int) outOfStock);
        int allocatedQty = stored.keySet().stream().mapToInt(asked::get).sum();
        // Demand (640 lines of 1-3) is far above the 600 in stock: stock runs out, only small gaps remain.
        assertThat(allocatedQty).isBetween(598, 600);
    }
}
