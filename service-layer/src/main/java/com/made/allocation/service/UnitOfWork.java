package com.made.allocation.service;

import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.Event;
import java.util.List;

/**
 * One atomic piece of work on the products: everything done through {@link #products()} is made durable by
 * {@link #commit()}, and discarded when the unit of work is closed without a commit or after an exception.
 * A unit of work belongs to one handler on one thread; it is never shared.
 */
public interface UnitOfWork extends AutoCloseable {

    /** The products, as seen inside this unit of work. */
    ProductRepository products();

    /**
     * Makes the work durable.
     *
     * @throws ConcurrencyConflict when a product was changed by someone else since it was loaded; nothing
     *                             of this unit of work is then kept
     */
    void commit();

    /** Discards the work not yet committed. */
    void rollback();

    /**
     * The events recorded by the products this unit of work has seen, oldest first. Each event is handed
     * out once: a second call returns only what was recorded since.
     */
    default List<Event> collectNewEvents() {
        return products().seen().stream().flatMap((Product product) -> product.pullEvents().stream()).toList();
    }

    /** Ends the unit of work, rolling back whatever was not committed. */
    @Override
    void close();
}
