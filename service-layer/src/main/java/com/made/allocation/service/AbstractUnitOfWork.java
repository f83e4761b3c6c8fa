package com.made.allocation.service;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.Delivery.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox bookkeeping every unit of work shares: routing events to handlers at commit, and marking the
 * handled delivery done once. Storage implements {@link #doCommit(List, Optional)} as one transaction.
 */
public abstract class AbstractUnitOfWork implements OutboxUnitOfWork {

    private HandlerRegistry routes;
    private Delivery delivering;
    private String receiving;
    private boolean delivered;
    private final List<Delivery> stored = new ArrayList<>();
    private boolean published;

    @Override
    public final void routeEventsTo(HandlerRegistry handlers) {
        this.routes = Objects.requireNonNull(handlers);
    }

    @Override
    public final void deliver(Delivery delivery) {
        this.delivering = Objects.requireNonNull(delivery);
    }

    @Override
    public final void receive(String messageId) {
        this.receiving = Objects.requireNonNull(messageId);
    }

    @Override
    public final void commit() {
        List<Envelope> outgoing = new ArrayList<>();
        if (routes != null) {
            String requestId = RequestContext.requestId().orElse(null);
            for (Event event : collectNewEvents()) {
                String orderingKey = routes.orderingKeyOf(event).orElse(null);
                for (String handler : routes.handlerNamesFor(event)) {
                    outgoing.add(new Envelope(event, handler, requestId,
                            HandlerRegistry.PUBLISH.equals(handler) ? orderingKey : null));
                }
            }
        }
        Optional<Delivery> done = delivered ? Optional.empty() : Optional.ofNullable(delivering);
        Optional<String> received = delivered ? Optional.empty() : Optional.ofNullable(receiving);
        stored.addAll(doCommit(outgoing, done, received).stream()
                .filter(delivery -> !HandlerRegistry.isPublication(delivery)).toList());
        published |= outgoing.stream().anyMatch(envelope -> HandlerRegistry.PUBLISH.equals(envelope.handler()));
        delivered = delivering != null || receiving != null;
    }

    @Override
    public final void finishDelivery() {
        if ((delivering != null || receiving != null) && !delivered) {
            commit();
        }
    }

    @Override
    public final boolean collectNewPublications() {
        boolean any = published;
        published = false;
        return any;
    }

    @Override
    public final List<Delivery> collectNewDeliveries() {
        List<Delivery> collected = List.copyOf(stored);
        stored.clear();
        return collected;
    }

    /**
     * In one transaction: marks {@code done} handled (throwing {@link AlreadyDelivered} when it already
     * was), records {@code received} in the inbox (throwing {@link AlreadyReceived} when it already was),
     * writes the products' changes, and stores {@code outgoing}.
     *
     * @return the stored deliveries, in the order of {@code outgoing}; those to publish may be left out
     */
    protected abstract List<Delivery> doCommit(List<Envelope> outgoing, Optional<Delivery> done,
                                               Optional<String> received);
}
