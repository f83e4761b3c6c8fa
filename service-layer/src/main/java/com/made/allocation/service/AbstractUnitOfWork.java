package com.made.allocation.service;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.Delivery.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outbox bookkeeping every unit of work shares: routing events to handlers at commit, and marking the
 * handled delivery done once. Storage implements {@link #doCommit(List, Optional)} as one transaction.
 */
public abstract class AbstractUnitOfWork implements OutboxUnitOfWork {

    private Function<Event, List<String>> handlerNames;
    private Delivery delivering;
    private boolean delivered;
    private final List<Delivery> stored = new ArrayList<>();

    @Override
    public final void routeEventsTo(Function<Event, List<String>> handlerNames) {
        this.handlerNames = Objects.requireNonNull(handlerNames);
    }

    @Override
    public final void deliver(Delivery delivery) {
        this.delivering = Objects.requireNonNull(delivery);
    }

    @Override
    public final void commit() {
        List<Envelope> outgoing = new ArrayList<>();
        if (handlerNames != null) {
            for (Event event : collectNewEvents()) {
                String requestId = RequestContext.requestId().orElse(null);
                handlerNames.apply(event).forEach(handler -> outgoing.add(new Envelope(event, handler, requestId)));
            }
        }
        Optional<Delivery> done = delivered ? Optional.empty() : Optional.ofNullable(delivering);
        stored.addAll(doCommit(outgoing, done));
        delivered = delivering != null;
    }

    @Override
    public final void finishDelivery() {
        if (delivering != null && !delivered) {
            commit();
        }
    }

    @Override
    public final List<Delivery> collectNewDeliveries() {
        List<Delivery> collected = List.copyOf(stored);
        stored.clear();
        return collected;
    }

    /**
     * In one transaction: marks {@code done} handled (throwing {@link AlreadyDelivered} when it already
     * was), writes the products' changes, and stores {@code outgoing}.
     *
     * @return the stored deliveries, in the order of {@code outgoing}
     */
    protected abstract List<Delivery> doCommit(List<Envelope> outgoing, Optional<Delivery> done);
}
