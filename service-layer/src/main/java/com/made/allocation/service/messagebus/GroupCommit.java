package com.made.allocation.service.messagebus;

import com.made.allocation.service.commands.BatchCommand;
import com.made.allocation.service.commands.Command;
import com.made.allocation.service.commands.ProductCommand;
import com.made.allocation.service.failures.BusOverloaded;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.Doorbell;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import com.made.allocation.service.unitofwork.ProductRepository;
import com.made.allocation.service.unitofwork.RequestContext;
import com.made.allocation.service.unitofwork.UnitOfWork;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import com.made.allocation.domain.Product;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit (natural batching) of commands. While one group is in its transaction, the commands that
 * arrive wait in a queue, in arrival order; when it ends, a waiting caller takes what is queued and runs
 * it: the commands about products ({@link ProductCommand}) at its head, up to {@code max}, as one group (one
 * unit of work, the products locked in ascending SKU order, each command's handler in arrival order, one
 * commit, each caller its own answer and its own follow-on deliveries); a command that names no product
 * (a quantity change, by batch reference) alone, in its turn. So the commands of one SKU keep their order.
 * Nothing waits for company: a lone command is a group of one and runs at once, as without groups.
 *
 * <p>A group that fails (a command's own failure, a conflict, a deadlock, a lost database) is rolled back,
 * and its commands run again one at a time, in order, each in a unit of work of its own: one bad command
 * never fails another, and no caller sees an error its own command did not cause.
 *
 * <p>The queue is bounded: when it is full, a command is refused at once ({@link BusOverloaded}, a 503).
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    static final int QUEUE_CAPACITY = 256;
    // A waiting caller is woken when its answer is in or when the turn to run groups is free; this is only
    // the longest it sleeps between looks.
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A command and its caller, until its answer is in. */
    static final class Pending<R> {
        final Command<R> command;
        final Consumer<OutboxUnitOfWork> handling;
        final Optional<String> requestId;
        private final Thread caller = Thread.currentThread();
        private final List<Delivery> followOns = new ArrayList<>();
        private volatile boolean done;
        private R answer;
        private RuntimeException failure;

        /**
         * @param handling prepares the unit of work for this command (records a received message's id)
         * @param requestId the request the command belongs to, for the log and its follow-on messages
         */
        Pending(Command<R> command, Consumer<OutboxUnitOfWork> handling, Optional<String> requestId) {
            this.command = Objects.requireNonNull(command);
            this.handling = Objects.requireNonNull(handling);
            this.requestId = Objects.requireNonNull(requestId);
        }

        /** The answer, with the deliveries its commit stored. */
        void succeed(R answer, List<Delivery> stored) {
            this.answer = answer;
            followOns.addAll(stored);
            finish();
        }

        void fail(RuntimeException failure) {
            this.failure = failure;
            finish();
        }

        private void finish() {
            done = true;
            LockSupport.unpark(caller);
        }

        /** The deliveries that this command's commit stored, for its caller to handle. */
        List<Delivery> followOns() {
            return followOns;
        }

        R answer() {
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    /** One queue of commands and the turn to run its groups; the commands of one SKU share a lane. */
    private static final class Lane {
        final BlockingQueue<Pending<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final ReentrantLock turn = new ReentrantLock();
    }

    private final int max;
    private final Lane[] lanes;
    private final UnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final EventFormat published;
    private final Doorbell publications;
    private final Consumer<Pending<?>> alone;

    /**
     * @param max   the most commands in one group, at least 2
     * @param lanes how many groups may be in their transactions at once, each of other SKUs than the
     *              others' (a SKU's commands all queue in one lane, so they keep their order)
     * @param alone runs one command in a unit of work of its own, as the bus does without groups, and
     *              settles it ({@link Pending#succeed}); whatever it throws fails the command
     */
    GroupCommit(int max, int lanes, UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers,
                EventFormat published, Doorbell publications, Consumer<Pending<?>> alone) {
        if (max < 2 || lanes < 1) {
            throw new IllegalArgumentException("groups of at least 2 in at least 1 lane, not " + max + " in " + lanes);
        }
        this.max = max;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.handlers = Objects.requireNonNull(handlers);
        this.published = Objects.requireNonNull(published);
        this.publications = Objects.requireNonNull(publications);
        this.alone = Objects.requireNonNull(alone);
    }

    /**
     * Queues the command and waits for its answer. Meanwhile the caller takes its turn at running groups
     * when the turn is free: it runs groups, oldest commands first, until its own command is answered.
     *
     * @throws BusOverloaded when the queue is full
     */
    <R> R handle(Pending<R> pending) {
        Lane lane = lanes[Math.floorMod(skuOf(pending.command).hashCode(), lanes.length)];
        if (!lane.queue.offer(pending)) {
            throw new BusOverloaded(lane.queue.size());
        }
        boolean interrupted = false;
        while (!pending.done) {
            if (lane.turn.tryLock()) {
                try {
                    // Groups, oldest commands first, until this caller's is answered; each with this caller's
                    // interrupt put aside, so that no command (another caller's least of all) fails for it.
                    do {
                        interrupted |= Thread.interrupted();
                    } while (!pending.done && runNextGroup(lane.queue));
                } finally {
                    lane.turn.unlock();
                    Pending<?> next = lane.queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.caller); // its turn to run groups
                    }
                }
            }
            if (!pending.done) {
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

    /**
     * The SKU whose lane the command queues in: its own, or for a command about a batch, the SKU of the
     * batch (looked up; none when there is no such batch: the handler will say so).
     */
    private String skuOf(Command<?> command) {
        if (command instanceof ProductCommand<?> aboutProduct) {
            return aboutProduct.sku();
        }
        if (command instanceof BatchCommand<?> aboutBatch && lanes.length > 1) {
            try (OutboxUnitOfWork lookup = unitsOfWork.start()) {
                return lookup.products().getByBatchRef(aboutBatch.ref()).map(Product::sku).orElse("");
            }
        }
        return "";
    }

    /**
     * Runs what is at the head of the queue: a group of commands about products, or one other command.
     * Every command taken is settled, whatever happens.
     *
     * @return false when the queue was empty
     */
    private boolean runNextGroup(BlockingQueue<Pending<?>> queue) {
        List<Pending<?>> group = new ArrayList<>(max);
        for (Pending<?> next = queue.peek(); next != null && group.size() < max; next = queue.peek()) {
            if (!(next.command instanceof ProductCommand<?>) && !group.isEmpty()) {
                break; // it runs alone, after the group: the order of arrival is kept
            }
            group.add(queue.poll()); // only the caller whose turn it is takes from the queue
            if (!(next.command instanceof ProductCommand<?>)) {
                break;
            }
        }
        try {
            if (group.size() == 1) {
                runAlone(group.get(0));
            } else if (!group.isEmpty()) {
                runTogether(group);
            }
        } catch (RuntimeException | Error unexpected) {
            // A fault of the group's own code: its unsettled commands fail with it, the others go on.
            log.error("A group of {} commands failed unexpectedly", group.size(), unexpected);
            IllegalStateException failure = new IllegalStateException("the group failed", unexpected);
            group.stream().filter(pending -> !pending.done).forEach(pending -> pending.fail(failure));
            if (unexpected instanceof Error error) {
                throw error;
            }
        }
        return !group.isEmpty();
    }

    private void runTogether(List<Pending<?>> group) {
        List<Object> answers = new ArrayList<>(group.size());
        List<Delivery> stored;
        int[] staged = new int[group.size()];
        try (OutboxUnitOfWork uow = unitsOfWork.start()) {
            uow.routeEventsTo(handlers, published);
            // Locked in ascending SKU order, so that no two groups (of this process or another) each hold
            // a product the other waits for; the stored lines the commands will ask for are read with them.
            Map<String, Set<String>> ordersLookedUp = new TreeMap<>();
            for (Pending<?> pending : group) {
                ProductCommand<?> command = (ProductCommand<?>) pending.command;
                ordersLookedUp.computeIfAbsent(command.sku(), sku -> new LinkedHashSet<>())
                        .addAll(command.ordersLookedUp());
            }
            uow.products().getAll(List.copyOf(ordersLookedUp.keySet()), ordersLookedUp);
            for (int i = 0; i < group.size(); i++) {
                Pending<?> pending = group.get(i);
                answers.add(RequestContext.handling(pending.requestId, pending.command.getClass(),
                        () -> runMember(pending, uow)));
                staged[i] = uow.stagedDeliveries();
            }
            uow.flush();
            stored = uow.collectNewDeliveries();
            if (uow.collectNewPublications()) {
                publications.ring();
            }
        } catch (RuntimeException failed) {
            log.debug("A group of {} commands failed ({}); they run one by one", group.size(), failed.toString());
            group.forEach(this::runAlone);
            return;
        }
        for (int i = 0, from = 0; i < group.size(); from = staged[i], i++) {
            settle(group.get(i), answers.get(i), stored.subList(from, staged[i]));
        }
    }

    /** Runs one command's handler in the group's unit of work; its commit stages its changes for the group's. */
    private <R> R runMember(Pending<R> pending, OutboxUnitOfWork group) {
        pending.handling.accept(group);
        Member member = new Member(group);
        R answer = handlers.commandHandler(pending.command).handle(pending.command, member);
        if (!member.committed && group.stage()) {
            // Alone, what a handler did not commit is discarded; in a group it would be written with the others.
            throw new IllegalStateException(pending.command.getClass().getSimpleName()
                    + " changed a product without committing");
        }
        return answer;
    }

    @SuppressWarnings("unchecked") // the answer came from the handler of this very command
    private static <R> void settle(Pending<R> pending, Object answer, List<Delivery> stored) {
        pending.succeed((R) answer, stored);
    }

    private void runAlone(Pending<?> pending) {
        try {
            RequestContext.handling(pending.requestId, pending.command.getClass(), () -> {
                alone.accept(pending);
                return null;
            });
        } catch (RuntimeException failure) {
            pending.fail(failure);
        }
    }

    /** A command's share of a group's unit of work, as its handler sees it. */
    private static final class Member implements UnitOfWork {
        private final OutboxUnitOfWork group;
        private boolean committed;

        Member(OutboxUnitOfWork group) {
            this.group = group;
        }

        @Override
        public ProductRepository products() {
            return group.products();
        }

        @Override
        public void commit() {
            group.stage();
            committed = true;
        }

        @Override
        public void rollback() {
            // What the group's other commands did cannot be undone without this one's: the group fails,
            // and this command runs alone, where it can roll back.
            throw new IllegalStateException("a command in a group cannot roll back on its own");
        }

        @Override
        public void close() {
            // the group's unit of work is closed by the group
        }
    }
}
