package com.made.allocation.service.unitofwork;

import com.made.allocation.service.failures.ConcurrencyConflict;

/**
 * One atomic piece of work on the products, as a handler sees it: everything done through
 * {@link #products()} is made durable by {@link #commit()}, and discarded when the unit of work ends
 * without a commit or after an exception. A handler gets a unit of work (or its part of one that commands queued
 * together share) on one thread, never to keep. The bus starts and closes it.
 */
public interface UnitOfWork extends AutoCloseable {

    /** The products, as seen inside this unit of work. */
    ProductRepository products();

    /**
     * Makes the work durable, together with what follows from the events the products recorded.
     *
     * @throws ConcurrencyConflict when a product was changed by someone else since it was loaded
     *                             (nothing of this unit of work is kept)
     */
    void commit();

    /** Discards the work not yet committed. */
    void rollback();

    /** Ends the unit of work, rolling back whatever was not committed. */
    @Override
    void close();
}
