package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.UnitOfWork;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With pessimistic locking, a second writer of a busy product waits for its turn in the process, not in PostgreSQL. */
class ProductTurnsIT {

    private final Database database = TestDatabases.migratedPostgres();
    private final JooqUnitOfWorkFactory uows = TestOutboxes.unitsOfWork(database, Locking.PESSIMISTIC);
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private final AtomicReference<Thread> otherThread = new AtomicReference<>();

    @BeforeEach
    void storeBusyProduct() {
        try (UnitOfWork uow = uows.start()) {
            uow.products().add(new Product("BUSY", List.of(new Batch("b1", "BUSY", 10, null))));
            uow.commit();
        }
    }

    @AfterEach
    void close() {
        other.shutdownNow();
        database.close();
    }

    private Future<Optional<String>> allocateInOtherThread(String orderid) {
        return other.submit(() -> {
            otherThread.set(Thread.currentThread());
            try (UnitOfWork uow = uows.start()) {
                Optional<String> batch = uow.products().get("BUSY").orElseThrow()
                        .allocate(new OrderLine(orderid, "BUSY", 1));
                uow.commit();
                return batch;
            }
        });
    }

    private void awaitOtherThreadParked() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Thread thread = otherThread.get();
            if (thread != null && thread.getState() == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the second writer never waited in the process; it is "
                + (otherThread.get() == null ? "not started" : otherThread.get().getState()));
    }

    private int backendsWaitingForALock() {
        return DSL.using(database.dataSource(), database.dialect()).fetchOne(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
                .get(0, Integer.class);
    }

    @Test
    void theSecondWriterWaitsWithoutAConnectionAndGoesOnWhenTheFirstCommits() throws Exception {
        Future<Optional<String>> second;
        try (UnitOfWork first = uows.start()) {
            assertThat(first.products().get("BUSY").orElseThrow().allocate(new OrderLine("o1", "BUSY", 1)))
                    .contains("b1");
            second = allocateInOtherThread("o2");
            awaitOtherThreadParked();

            assertThat(backendsWaitingForALock()).isZero();
            assertThat(((HikariDataSource) database.dataSource()).getHikariPoolMXBean().getActiveConnections())
                    .isEqualTo(1);
            first.commit();
        }

        assertThat(second.get(10, TimeUnit.SECONDS)).contains("b1");
        try (UnitOfWork uow = uows.start()) {
            assertThat(uow.products().get("BUSY").orElseThrow().batch("b1").orElseThrow().allocatedQuantity())
                    .isEqualTo(2);
        }
    }

    @Test
    void aTurnEndsWithItsUnitOfWorkEvenWithoutACommit() throws Exception {
        try (UnitOfWork abandoned = uows.start()) {
            abandoned.products().get("BUSY").orElseThrow().allocate(new OrderLine("o1", "BUSY", 1));
        }

        // Well within the five seconds after which a writer would go on without its turn.
        assertThat(allocateInOtherThread("o2").get(3, TimeUnit.SECONDS)).contains("b1");
    }
}
