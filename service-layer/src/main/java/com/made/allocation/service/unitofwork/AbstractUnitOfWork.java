package com.made.allocation.service.unitofwork;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.outbox.AlreadyDelivered;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.Delivery.Envelope;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.StoredPublication;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox bookkeeping every unit of work shares: routing events to handlers at commit, and marking the
 * handled delivery (or the received messages) done once. A commit takes what the products recorded, routed
 * as the current request's, and writes it in one transaction; the {@link #share() parts} of a shared unit of
 * work each take their own command's, and the shared commit writes them all at once. Storage implements
 * {@link #doCommit} as one transaction.
 */
public abstract class AbstractUnitOfWork implements OutboxUnitOfWork {

    private EventRoutes routes;
    private EventFormat format;
    private Delivery delivering;
    private boolean delivered;
    private final List<String> receiving = new ArrayList<>();
    private final List<Event> stagedEvents = new ArrayList<>();
    private final List<Envelope> stagedDeliveries = new ArrayList<>();
    private final List<EventMessage> stagedPublications = new ArrayList<>();
    private final List<Delivery> stored = new ArrayList<>();
    private List<Delivery> lastWritten = List.of(); // by the last commit, in the order they were staged
    private final List<StoredPublication> published = new ArrayList<>();
    private final List<Event> committedUnrouted = new ArrayList<>();

    @Override
    public final void routeEventsTo(EventRoutes routes, EventFormat published) {
        this.routes = Objects.requireNonNull(routes);
        this.format = Objects.requireNonNull(published);
    }

    @Override
    public final void deliver(Delivery delivery) {
        this.delivering = Objects.requireNonNull(delivery);
    }

    @Override
    public final void receive(String messageId) {
        receiving.add(Objects.requireNonNull(messageId));
    }

    @Override
    public final void commit() {
        stage();
        flush();
    }

    @Override
    public final SharedPart share() {
        return new Part();
    }

    /** Takes the events the products recorded since, routed as the current request's, for the next write. */
    private void stage() {
        // The events are the record of what changed: storage writes the products from them, the outbox
        // gets one delivery per handler of each, and each published one is stored as it goes out.
        List<Event> events = pullRecordedEvents();
        stagedEvents.addAll(events);
        if (routes == null) {
            return;
        }
        String requestId = RequestContext.requestId().orElse(null);
        for (Event event : events) {
            for (String handler : routes.handlerNamesFor(event)) {
                stagedDeliveries.add(new Envelope(event, handler, requestId));
            }
            routes.orderingKeyOf(event).ifPresent(key -> stagedPublications.add(format.format(event, key)));
        }
    }

    /** Writes everything staged in one transaction. */
    private void flush() {
        Optional<Delivery> done = delivered ? Optional.empty() : Optional.ofNullable(delivering);
        Stored written = doCommit(List.copyOf(stagedEvents), List.copyOf(stagedDeliveries),
                List.copyOf(stagedPublications), done, List.copyOf(receiving));
        lastWritten = written.deliveries();
        stored.addAll(lastWritten);
        published.addAll(written.publications());
        if (routes == null) {
            committedUnrouted.addAll(stagedEvents);
        }
        delivered |= delivering != null;
        receiving.clear();
        stagedEvents.clear();
        stagedDeliveries.clear();
        stagedPublications.clear();
    }

    @Override
    public final void finishDelivery() {
        if ((delivering != null && !delivered) || !receiving.isEmpty()) {
            commit();
        }
    }

    @Override
    public final List<StoredPublication> collectNewPublications() {
        List<StoredPublication> collected = List.copyOf(published);
        published.clear();
        return collected;
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

    /** A command's part of this unit of work: its commit stages, the shared commit writes. */
    private final class Part implements SharedPart {
        private int from = -1; // its deliveries among those staged, from its first commit to its last
        private int to = -1;

        @Override
        public ProductRepository products() {
            return AbstractUnitOfWork.this.products();
        }

        @Override
        public void commit() {
            if (from < 0) {
                from = stagedDeliveries.size();
            }
            stage();
            to = stagedDeliveries.size();
        }

        @Override
        public void rollback() {
            // What the other parts did cannot be undone without this one's: the bus runs the command alone.
            throw new IllegalStateException("a command sharing a unit of work cannot roll back on its own");
        }

        @Override
        public boolean committed() {
            return from >= 0;
        }

        @Override
        public List<Delivery> storedDeliveries() {
            return from < 0 ? List.of() : lastWritten.subList(from, to);
        }

        @Override
        public void close() {
            if (!pullRecordedEvents().isEmpty()) {
                throw new IllegalStateException("a handler changed a product without committing");
            }
        }
    }

    /**
     * What a commit stored, each list in the order it was given.
     *
     * @param deliveries   the deliveries to handlers here
     * @param publications the publications, as the instance that committed them may publish them
     */
    public record Stored(List<Delivery> deliveries, List<StoredPublication> publications) {
    }

    /**
     * In one transaction: marks {@code done} handled (throwing {@link AlreadyDelivered} when it already
     * was), records each of {@code received} in the inbox (throwing {@link AlreadyReceived} when one already
     * was), writes the products' changes, which {@code events} record (each line allocated and deallocated,
     * each quantity changed), and stores {@code deliveries} and {@code publications}.
     *
     * @param events the events the products recorded since the last commit, oldest first
     * @return the stored deliveries and publications, in the order of {@code deliveries} and {@code publications}
     */
    protected abstract Stored doCommit(List<Event> events, List<Envelope> deliveries,
                                       List<EventMessage> publications, Optional<Delivery> done,
                                       List<String> received);
}
