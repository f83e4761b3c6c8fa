package com.made.allocation.domain.events;

import java.util.Objects;

/**
 * An order line left its batch because the batch shrank; an {@link AllocationRequired} for it follows.
 *
 * @param orderid  the customer order
 * @param sku      the SKU ordered
 * @param qty      how many units
 * @param batchref the batch the line was taken out of
 * @param version  the product's version after the change: later changes of the SKU have higher ones
 */
public record Deallocated(String orderid, String sku, int qty, String batchref, int version) implements Event {

    /**
     * Checks the fields.
     *
     * @param orderid  the customer order
     * @param sku      the SKU ordered
     * @param qty      how many units
     * @param batchref the batch the line was taken out of
     * @param version  the product's version after the change
     * @throws NullPointerException when {@code orderid}, {@code sku} or {@code batchref} is missing
     */
    public Deallocated {
        Objects.requireNonNull(orderid, "orderid");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(batchref, "batchref");
    }
}
