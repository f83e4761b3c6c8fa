package com.made.allocation.domain;

/**
 * Thrown when an order already has a line of the same SKU allocated with a different quantity: an order
 * line is allocated at most once, and silently replacing it would lose the customer's first request.
 */
public final class ConflictingOrderLine extends RuntimeException {

    /** The line that was asked for. */
    private final OrderLine requested;
    /** The line of the same order and SKU that is already allocated. */
    private final OrderLine allocated;

    /**
     * @param requested the line asked for
     * @param allocated the line of the same order and SKU already held
     */
    public ConflictingOrderLine(OrderLine requested, OrderLine allocated) {
        super("Order " + requested.orderid() + " already has " + allocated.qty() + " of sku " + requested.sku()
                + " allocated");
        this.requested = requested;
        this.allocated = allocated;
    }

    /** @return the line that was asked for */
    public OrderLine requested() {
        return requested;
    }

    /** @return the line of the same order and SKU that is already allocated */
    public OrderLine allocated() {
        return allocated;
    }
}
