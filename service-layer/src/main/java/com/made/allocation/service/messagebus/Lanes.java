package com.made.allocation.service.messagebus;

import com.made.allocation.service.commands.BatchCommand;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.ProductCommand;
import com.made.allocation.service.failures.BusOverloaded;
import com.made.allocation.service.unitofwork.BatchSkus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit (natural batching): the queues in which commands wait for their turn. A command queues in the
 * lane of its SKU, in arrival order; while one group of a lane is in its transaction, the commands that
 * arrive wait; when it ends, a waiting caller takes what is queued and has it run: the commands about
 * products at the head of the queue, up to {@code max}, as one group; a command about a batch alone, in its
 * turn. So the commands of one SKU keep their order. Nothing waits for company: a command that finds its
 * lane idle runs at once, a group of one.
 *
 * <p>A lane's queue is bounded: when it is full, a command is refused at once ({@link BusOverloaded}, a 503).
 */
final class Lanes {

    private static final Logger log = LoggerFactory.getLogger(Lanes.class);
    static final int QUEUE_CAPACITY = 256;
    // A waiting caller is woken when its answer is in or when the turn to run groups is free; this is only
    // the longest it sleeps between looks.
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** One queue of commands and the turn to run its groups. */
    private static final class Lane {
        final BlockingQueue<PendingCommand<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final ReentrantLock turn = new ReentrantLock();
    }

    private final int max;
    private final Lane[] lanes;
    private final BatchSkus batchSkus;
    private final CommandTransactions transactions;

    /**
     * @param batchSkus where a command about a batch finds the SKU whose lane it queues in
     */
    Lanes(Grouping grouping, BatchSkus batchSkus, CommandTransactions transactions) {
        this.max = grouping.max();
        this.lanes = new Lane[grouping.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
        this.batchSkus = Objects.requireNonNull(batchSkus);
        this.transactions = Objects.requireNonNull(transactions);
    }

    /**
     * Queues the command and waits for its answer. Meanwhile the caller takes its turn at running groups
     * when the turn is free: it runs groups, oldest commands first, until its own command is answered.
     *
     * @throws BusOverloaded when the lane's queue is full
     */
    <R> R handle(PendingCommand<R> pending) {
        Lane lane = lanes[Math.floorMod(skuOf(pending.command).hashCode(), lanes.length)];
        if (!lane.queue.offer(pending)) {
            throw new BusOverloaded(lane.queue.size());
        }
        boolean interrupted = false;
        while (!pending.isDone()) {
            if (lane.turn.tryLock()) {
                try {
                    // Groups, oldest commands first, until this caller's is answered; each with this caller's
                    // interrupt put aside, so that no command (another caller's least of all) fails for it.
                    do {
                        interrupted |= Thread.interrupted();
                    } while (!pending.isDone() && runNextGroup(lane.queue));
                } finally {
                    lane.turn.unlock();
                    PendingCommand<?> next = lane.queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.caller); // its turn to run groups
                    }
                }
            }
            if (!pending.isDone()) {
                LockSupport.parkNanos(this, PARK_NANOS);
                // A command that was queued runs whatever happens to its caller: it is answered, then told.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return pending.answer();
    }

    /** How many commands wait in the lanes, not yet taken into a group. */
    int queued() {
        int queued = 0;
        for (Lane lane : lanes) {
            queued += lane.queue.size();
        }
        return queued;
    }

    /**
     * The SKU whose lane the command queues in: its own, or for a command about a batch, the batch's (none
     * when there is no such batch: its handler will say so). With one lane, no need to look.
     */
    private String skuOf(Command<?> command) {
        if (command instanceof ProductCommand<?> aboutProduct) {
            return aboutProduct.sku();
        }
        if (command instanceof BatchCommand<?> aboutBatch && lanes.length > 1) {
            return batchSkus.skuOf(aboutBatch.ref()).orElse("");
        }
        return "";
    }

    /**
     * Runs what is at the head of the queue: a group of commands about products, or one other command.
     * Every command taken is settled, whatever happens.
     *
     * @return false when the queue was empty
     */
    private boolean runNextGroup(BlockingQueue<PendingCommand<?>> queue) {
        List<PendingCommand<?>> group = new ArrayList<>(max);
        for (PendingCommand<?> next = queue.peek(); next != null && group.size() < max; next = queue.peek()) {
            boolean aboutProduct = next.command instanceof ProductCommand<?>;
            if (!aboutProduct && !group.isEmpty()) {
                break; // it runs alone, after the group: the order of arrival is kept
            }
            group.add(queue.poll()); // only the caller whose turn it is takes from the queue
            if (!aboutProduct) {
                break;
            }
        }
        if (group.isEmpty()) {
            return false;
        }
        try {
            transactions.run(group);
        } catch (RuntimeException | Error unexpected) {
            // A fault of the bus's own code: the group's unsettled commands fail with it, the others go on.
            log.error("A group of {} commands failed unexpectedly", group.size(), unexpected);
            IllegalStateException failure = new IllegalStateException("the group failed", unexpected);
            group.stream().filter(pending -> !pending.isDone()).forEach(pending -> pending.fail(failure));
            if (unexpected instanceof Error error) {
                throw error;
            }
        }
        return true;
    }
}
