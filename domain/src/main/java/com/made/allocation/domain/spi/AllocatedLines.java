package com.made.allocation.domain.spi;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import java.util.List;
import java.util.Optional;

/**
 * For storage implementers: the order lines allocated to one batch, as the batch holds them. A batch built
 * in memory keeps its lines in a collection of its own; a repository restoring a stored batch ({@link Batch#restore}) hands it one
 * that reads lines from storage only when asked, so a batch with a million lines is not read whole.
 *
 * <p>Only the batch that holds the collection changes it, through its {@link Product}. Within one batch an
 * order has at most one line: the lines of a batch are all of its SKU.
 */
public interface AllocatedLines {

    /** @return the sum of the quantities of the lines */
    int quantity();

    /**
     * @param orderid a customer order
     * @return the line of that order, if it is among these lines
     */
    Optional<OrderLine> ofOrder(String orderid);

    /** @return the line allocated most recently, or empty when there is none */
    Optional<OrderLine> newest();

    /** @return every line, oldest first (a stored collection reads them all) */
    List<OrderLine> all();

    /**
     * Adds a line as the newest.
     *
     * @param line a line whose order has no line here yet
     */
    void add(OrderLine line);

    /**
     * Removes a line.
     *
     * @param line one of these lines
     */
    void remove(OrderLine line);
}
