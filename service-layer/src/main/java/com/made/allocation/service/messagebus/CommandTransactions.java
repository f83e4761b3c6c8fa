package com.made.allocation.service.messagebus;

import com.made.allocation.service.commands.ProductCommand;
import com.made.allocation.service.handlers.HandlerRegistry;
import com.made.allocation.service.outbox.CommittedPublications;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.unitofwork.OutboxUnitOfWork;
import com.made.allocation.service.unitofwork.RequestContext;
import com.made.allocation.service.unitofwork.SharedPart;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where commands are handled: a group of them (one or more, taken together from a lane) in one unit of work.
 * It opens the unit of work, loads the group's products, runs each command's handler on its own part of it,
 * commits once (the changes, the deliveries and publications of their events, the ids of the messages that
 * carried them), and settles each command with its own answer and its own follow-on deliveries.
 *
 * <p>A group that fails (a command's own failure, a conflict, a deadlock, a lost database) is rolled back,
 * and its commands run again one at a time, in order: one bad command never fails another, and no caller
 * sees an error its own command did not cause. A command alone is run again after a conflict, as the
 * conflict policy allows.
 */
final class CommandTransactions {

    private static final Logger log = LoggerFactory.getLogger(CommandTransactions.class);

    private final UnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final EventFormat published;
    private final CommittedPublications publications;
    private final ConflictRetries retries;

    /** @param publications where a commit's publications are handed over to the relay */
    CommandTransactions(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, EventFormat published,
                        CommittedPublications publications, ConflictRetries retries) {
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.handlers = Objects.requireNonNull(handlers);
        this.published = Objects.requireNonNull(published);
        this.publications = Objects.requireNonNull(publications);
        this.retries = Objects.requireNonNull(retries);
    }

    /** Handles the group and settles each of its commands: answered, or failed with its own failure. */
    void run(List<PendingCommand<?>> group) {
        if (group.size() > 1) {
            try {
                commit(group);
                return;
            } catch (RuntimeException failed) {
                log.debug("A group of {} commands failed ({}); they run one by one", group.size(), failed.toString());
            }
        }
        group.forEach(this::runAlone);
    }

    private void runAlone(PendingCommand<?> pending) {
        try {
            retries.run(pending.command, () -> {
                commit(List.of(pending));
                return null;
            });
        } catch (RuntimeException failure) {
            pending.fail(failure);
        }
    }

    /** Handles the group in one unit of work and settles every command; or throws, and settles none. */
    private void commit(List<PendingCommand<?>> group) {
        List<Settling> settling = new ArrayList<>(group.size());
        try (OutboxUnitOfWork uow = unitsOfWork.start()) {
            uow.routeEventsTo(handlers, published);
            loadProducts(group, uow);
            for (PendingCommand<?> pending : group) {
                pending.messageId.ifPresent(uow::receive);
                settling.add(RequestContext.handling(pending.requestId, pending.command.getClass(),
                        () -> handle(pending, uow)));
            }
            // A handler that changed nothing need not commit (a batch sent again); the message ids are kept all the same.
            boolean received = group.stream().anyMatch(pending -> pending.messageId.isPresent());
            if (received || settling.stream().anyMatch(Settling::committed)) {
                uow.commit();
            }
            publications.add(uow.collectNewPublications());
        }
        settling.forEach(Settling::answer);
    }

    /** A command whose handler ran, to be answered once the unit of work committed. */
    private record Settling(SharedPart part, Runnable answering) {
        boolean committed() {
            return part.committed();
        }

        void answer() {
            answering.run();
        }
    }

    /** Runs the command's handler on its part of the unit of work. */
    private <R> Settling handle(PendingCommand<R> pending, OutboxUnitOfWork uow) {
        try (SharedPart part = uow.share()) {
            R answer = pending.handler.handle(pending.command, part);
            return new Settling(part, () -> pending.answer(answer, part.storedDeliveries()));
        }
    }

    /**
     * Loads the products of the group's commands about products, in ascending SKU order, so that no two
     * groups (of this process or another) each hold a product the other waits for; with them, in the same
     * round trip, the stored lines the commands will look up.
     */
    private static void loadProducts(List<PendingCommand<?>> group, OutboxUnitOfWork uow) {
        Map<String, Set<String>> ordersLookedUp = new TreeMap<>();
        for (PendingCommand<?> pending : group) {
            if (pending.command instanceof ProductCommand<?> aboutProduct) {
                ordersLookedUp.computeIfAbsent(aboutProduct.sku(), sku -> new LinkedHashSet<>())
                        .addAll(aboutProduct.ordersLookedUp());
            }
        }
        if (!ordersLookedUp.isEmpty()) {
            uow.products().getAll(List.copyOf(ordersLookedUp.keySet()), ordersLookedUp);
        }
    }
}
