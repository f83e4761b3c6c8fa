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
    private EventFormat format;
    private Delivery delivering;
    private String receiving;
    private boolean delivered;
    private final List<Delivery> stored = new ArrayList<>();
    private boolean published;
    private final List<Event> committedUnrouted = new ArrayList<>();

    @Override
    public final void routeEventsTo(HandlerRegistry handlers, EventFormat published) {
        this.routes = Objects.requireNonNull(handlers);
        this.format = Objects.requireNonNull(published);
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
        // The events are the record of what changed: storage writes the products from them, the outbox
        // gets one delivery per handler of each, and each published one is stored as it goes out.
        List<Event> events = pullRecordedEvents();
        List<Envelope> deliveries = new ArrayList<>();
        List<EventMessage> publications = new ArrayList<>();
        if (routes != null) {
            String requestId = RequestContext.requestId().orElse(null);
            for (Event event : events) {
                for (String handler : routes.handlerNamesFor(event)) {
                    deliveries.add(new Envelope(event, handler, requestId));
                }
                routes.orderingKeyOf(event).ifPresent(key -> publications.add(format.format(event, key)));
            }
        } else {
            committedUnrouted.addAll(events);
        }
        Optional<Delivery> done = delivered ? Optional.empty() : Optional.ofNullable(delivering);
        Optional<String> received = delivered ? Optional.empty() : Optional.ofNullable(receiving);
        stored.addAll(doCommit(events, deliveries, publications, done, received));
        published |= !publications.isEmpty();
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

    /**
     * The events recorded since the last call: those committed without routing, then those the products
     * recorded since the last commit.
     */
    @Override
    public final List<Event> collectNewEvents() {
        List<Event> events = new ArrayList<>(committedUnrouted);
        committedUnrouted.clear();
        events.addAll(pullRecordedEvents());
        return events;
    }

    /** The events the products this unit of work has seen recorded since the last pull, oldest first. */
    protected List<Event> pullRecordedEvents() {
        return products().seen().stream().flatMap(product -> product.pullEvents().stream()).toList();
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
     * writes the products' changes, which {@code events} record (each line allocated and deallocated, each
     * quantity changed), and stores {@code deliveries} and {@code publications}.
     *
     * @param events the events the products recorded since the last commit, oldest first
     * @return the stored deliveries, in the order of {@code deliveries}
     */
    protected abstract List<Delivery> doCommit(List<Event> events, List<Envelope> deliveries,
                                               List<EventMessage> publications, Optional<Delivery> done,
                                               Optional<String> received);
}
