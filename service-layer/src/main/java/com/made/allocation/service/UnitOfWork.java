package com.made.allocation.service;

import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.Event;
import java.util.List;
import java.util.function.Function;

/**
 * One atomic piece of work on the products: everything done through {@link #products()} is made durable by
 * {@link #commit()}, and discarded when the unit of work is closed without a commit or after an exception.
 * A unit of work belongs to one handler on one thread; it is never shared.
 *
 * <p>The events that the products record are stored by the same commit, as {@link Delivery deliveries} (one
 * per handler of each event), so a change and what follows from it are durable together or not at all.
 */
public interface UnitOfWork extends AutoCloseable {

    /** The products, as seen inside this unit of work. */
    ProductRepository products();

    /**
     * Makes the work durable, with the deliveries of the events recorded since the last commit, and marks
     * the delivery this unit of work handles (if any) done.
     *
     * @throws ConcurrencyConflict when a product was changed by someone else since it was loaded
     * @throws AlreadyDelivered    when the delivery handled here was already done
     *                             (in both cases nothing of this unit of work is kept)
     */
    void commit();

    /** Discards the work not yet committed. */
    void rollback();

    /** Ends the unit of work, rolling back whatever was not committed. */
    @Override
    void close();

    /**
     * Sets which handlers each event is for; a commit stores one delivery per handler. Without routing,
     * recorded events stay with their products.
     */
    void routeEventsTo(Function<Event, List<String>> handlerNames);

    /** This unit of work handles {@code delivery}: its commit marks it done in the same transaction. */
    void deliver(Delivery delivery);

    /** The deliveries stored by this unit of work's commits, oldest first, each handed out once. */
    List<Delivery> collectNewDeliveries();

    /**
     * The events recorded by the products this unit of work has seen, oldest first. Each event is handed
     * out once: a second call returns only what was recorded since.
     */
    default List<Event> collectNewEvents() {
        return products().seen().stream().flatMap((Product product) -> product.pullEvents().stream()).toList();
    }
}
