package com.made.allocation.service.messagebus;

import static org.assertj.core.api.Assertions.assertThat;

import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.failures.InvalidSku;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.fakes.TextEventFormat;
import com.made.allocation.service.handlers.Handlers;
import com.made.allocation.service.messagebus.OutboxMessageBus.Retries;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.testing.Facts;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Commands that queue up while a transaction is in flight share the next one: each caller gets its own
 * answer, a failing command fails no other, and the commands of one SKU keep their order. The first
 * command holds its unit of work open until the others are queued behind it, so the groups are known.
 */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeUnitOfWorkFactory store = new FakeUnitOfWorkFactory();
    private final CountDownLatch firstInTransaction = new CountDownLatch(1);
    private final CountDownLatch othersQueued = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final List<String> unitsOfWork = new ArrayList<>();
    private final UnitOfWorkFactory gated = () -> {
        if (first.getAndSet(false)) {
            firstInTransaction.countDown();
            await(othersQueued);
        }
        synchronized (unitsOfWork) {
            unitsOfWork.add(Thread.currentThread().getName());
        }
        return store.start();
    };
    private OutboxMessageBus bus = busIn(1);
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final List<Thread> callers = new ArrayList<>();

    private OutboxMessageBus busIn(int lanes) {
        return new OutboxMessageBus(gated, Handlers.registry((to, message) -> { }), store.outbox(), store.outbox(),
                new TextEventFormat(), Retries.DEFAULT, Clock.systemUTC(), BusMetrics.NONE, new CommittedPublications(),
                new Grouping(8, lanes), store.batchSkus());
    }

    private void stock(String ref, String sku, int qty) {
        store.bus(Handlers.registry((to, message) -> { })).handle(new Commands.CreateBatch(ref, sku, qty, null));
    }

    /**
     * Sends {@code command} on a thread of its own, and waits until it is where the test wants it: the first
     * in its transaction (held open by the gate), each other one queued in its lane (the bus's count).
     */
    private void send(String name, Command<?> command) throws InterruptedException {
        int queuedBefore = bus.queuedCommands();
        boolean isFirst = callers.isEmpty();
        start(name, command);
        if (isFirst) {
            await(firstInTransaction);
        } else {
            awaitQueued(queuedBefore + 1);
        }
    }

    private Thread start(String name, Command<?> command) {
        Thread caller = new Thread(() -> {
            try {
                answers.put(name, bus.handle(command));
            } catch (RuntimeException failure) {
                answers.put(name, failure);
            }
        }, name);
        callers.add(caller);
        caller.start();
        return caller;
    }

    private void awaitQueued(int count) {
        Facts.await(WAIT, count + " commands queued", () -> bus.queuedCommands() >= count);
    }

    private void releaseAndWait() throws InterruptedException {
        othersQueued.countDown();
        for (Thread caller : callers) {
            caller.join(WAIT.toMillis());
            assertThat(caller.isAlive()).as(caller.getName() + " answered").isFalse();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Test
    void commandsQueuedBehindATransactionShareTheNextOneEachWithItsOwnAnswer() throws InterruptedException {
        stock("lamps", "LAMP", 10);
        stock("rugs", "RUG", 10);

        send("first", new Commands.Allocate("o0", "LAMP", 1));
        send("second", new Commands.Allocate("o1", "RUG", 2));
        send("third", new Commands.Allocate("o2", "LAMP", 3));
        send("fourth", new Commands.Allocate("o3", "RUG", 4));
        releaseAndWait();

        assertThat(answers).containsEntry("first", Optional.of("lamps")).containsEntry("second", Optional.of("rugs"))
                .containsEntry("third", Optional.of("lamps")).containsEntry("fourth", Optional.of("rugs"));
        assertThat(unitsOfWork).as("the first alone, the three queued behind it in one").hasSize(2);
        assertThat(store.product("LAMP").orElseThrow().batch("lamps").orElseThrow().allocatedQuantity()).isEqualTo(4);
        assertThat(store.product("RUG").orElseThrow().batch("rugs").orElseThrow().allocatedQuantity()).isEqualTo(6);
    }

    @Test
    void aFailingCommandInAGroupFailsAloneAndTheOthersAreAnsweredAndStored() throws InterruptedException {
        stock("lamps", "LAMP", 10);

        send("first", new Commands.Allocate("o0", "LAMP", 1));
        send("good", new Commands.Allocate("o1", "LAMP", 2));
        send("bad", new Commands.Allocate("o2", "NO-SUCH-SKU", 1));
        send("also-good", new Commands.Allocate("o3", "LAMP", 3));
        releaseAndWait();

        assertThat(answers.get("good")).isEqualTo(Optional.of("lamps"));
        assertThat(answers.get("also-good")).isEqualTo(Optional.of("lamps"));
        assertThat(answers.get("bad")).isInstanceOf(InvalidSku.class);
        assertThat(unitsOfWork).as("the first; the group, rolled back; then each of its three alone").hasSize(5);
        assertThat(store.product("LAMP").orElseThrow().batch("lamps").orElseThrow().allocatedQuantity()).isEqualTo(6);
    }

    @Test
    void theCommandsOfOneSkuKeepTheirOrderAroundAQuantityChange() throws InterruptedException {
        stock("warehouse", "LAMP", 10);
        stock("shipment", "LAMP", 100);

        send("first", new Commands.Allocate("o0", "OTHER", 1)); // holds the transaction; refused in the end
        send("allocate-8", new Commands.Allocate("o1", "LAMP", 8));
        send("shrink-to-4", new Commands.ChangeBatchQuantity("warehouse", 4));
        send("allocate-3", new Commands.Allocate("o2", "LAMP", 3));
        releaseAndWait();

        // In their order: 8 fit the warehouse's 10; the shrink to 4 moves them away; 3 then fit the 4.
        // Had the shrink come first, the 8 would not have fit; had the 3 come before it, 11 would not.
        assertThat(answers.get("allocate-8")).isEqualTo(Optional.of("warehouse"));
        assertThat(answers.get("allocate-3")).isEqualTo(Optional.of("warehouse"));
        assertThat(answers.get("first")).isInstanceOf(InvalidSku.class);
    }

    @Test
    void aSkuOfAnotherLaneDoesNotWaitButAQuantityChangeWaitsBehindItsSku() throws InterruptedException {
        bus = busIn(2);
        String busy = "LAMP";
        String other = List.of("RUG", "SOFA", "DESK", "CHAIR", "TABLE").stream()
                .filter(sku -> Math.floorMod(sku.hashCode(), 2) != Math.floorMod(busy.hashCode(), 2))
                .findFirst().orElseThrow();
        stock("lamps", busy, 10);
        stock("others", other, 10);

        send("first", new Commands.Allocate("o0", busy, 1)); // holds its lane's transaction open
        Thread elsewhere = start("elsewhere", new Commands.Allocate("o1", other, 1));
        callers.remove(elsewhere);
        elsewhere.join(WAIT.toMillis());
        assertThat(answers).as("another lane's command was answered meanwhile").containsEntry("elsewhere",
                Optional.of("others"));
        send("shrink", new Commands.ChangeBatchQuantity("lamps", 0)); // queues behind the first: same SKU
        assertThat(answers).doesNotContainKey("shrink");
        releaseAndWait();

        assertThat(answers.get("first")).isEqualTo(Optional.of("lamps"));
        assertThat(store.product(busy).orElseThrow().batch("lamps").orElseThrow().purchasedQuantity()).isZero();
    }
}
