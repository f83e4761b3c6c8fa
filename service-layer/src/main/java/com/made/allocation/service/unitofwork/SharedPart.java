package com.made.allocation.service.unitofwork;

import com.made.allocation.service.outbox.Delivery;
import java.util.List;

/**
 * One command's part of a unit of work that several commands share ({@link OutboxUnitOfWork#share()}): what
 * its handler sees as its unit of work.
 */
public interface SharedPart extends UnitOfWork {

    /** Whether its handler committed: a handler that changes nothing need not. */
    boolean committed();

    /**
     * The deliveries that this part's changes stored, once the shared unit of work committed: for its own
     * caller to handle.
     */
    List<Delivery> storedDeliveries();

    /**
     * Ends the part. A handler that changed products without committing them fails here: alone its changes
     * would be discarded, but shared they would be written with the others'.
     *
     * @throws IllegalStateException when products recorded changes after the part's last commit
     */
    @Override
    void close();
}
