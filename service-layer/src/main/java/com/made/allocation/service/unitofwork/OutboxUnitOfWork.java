package com.made.allocation.service.unitofwork;

import com.made.allocation.domain.events.Event;
import com.made.allocation.service.outbox.AlreadyDelivered;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.EventFormat;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.StoredPublication;
import java.util.List;

/**
 * A unit of work as the bus drives it: besides the products, its commit stores the events the products
 * recorded, as {@link Delivery deliveries} in the outbox (one per handler of each event) and as
 * {@link EventMessage publications} (one per published event), and marks the delivery it was started for
 * done, so that a change and what follows from it are durable together or not at all. Handlers see only
 * the {@link UnitOfWork} part.
 */
public interface OutboxUnitOfWork extends UnitOfWork {

    /**
     * Sets which handlers each event is for, and which events are published in what form; a commit stores
     * one delivery per handler and one publication per published event. Without routing, the events a
     * commit stored are kept for {@link #collectNewEvents()}.
     */
    void routeEventsTo(EventRoutes routes, EventFormat published);

    /**
     * This unit of work handles {@code delivery}: the first commit marks it done in the same transaction.
     * That commit throws {@link AlreadyDelivered} (keeping nothing) when the delivery was done already.
     */
    void deliver(Delivery delivery);

    /**
     * This unit of work handles the message that came from outside with {@code messageId} (a group, several
     * of them): the next commit records the id in the inbox in the same transaction. That commit throws
     * {@link AlreadyReceived} (keeping nothing) when the id was recorded before.
     */
    void receive(String messageId);

    /**
     * Marks the delivery done, or records the received messages, by a commit of its own when the handler
     * did not commit.
     */
    void finishDelivery();

    /**
     * A part of this unit of work for one of several commands that share it (the bus commits commands that
     * queue up together). The command's handler sees the part as its unit of work; the part's commit keeps
     * the handler's changes, with its request's id, for this unit of work's {@link #commit()} to write with
     * the others'. A part cannot roll back alone.
     */
    SharedPart share();

    /**
     * The deliveries to handlers here stored by this unit of work's commits, oldest first, each handed out
     * once. Publications are not among them: they are the relay's.
     */
    List<Delivery> collectNewDeliveries();

    /**
     * The publications stored by this unit of work's commits since the last call, oldest first, each handed
     * out once: for the relay of this instance, which may publish those leased to it straight away.
     */
    List<StoredPublication> collectNewPublications();

    /**
     * The events recorded by the products this unit of work has seen and not routed at a commit, oldest
     * first. Each event is handed out once: a second call returns only what was recorded since.
     */
    List<Event> collectNewEvents();
}
