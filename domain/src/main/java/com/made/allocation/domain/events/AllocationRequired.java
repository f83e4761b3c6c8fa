package com.made.allocation.domain.events;

import java.util.Objects;

/**
 * An order line needs a batch: a new order, or a line deallocated because its batch shrank.
 *
 * @param orderid the customer order
 * @param sku     the SKU ordered
 * @param qty     how many units
 */
public record AllocationRequired(String orderid, String sku, int qty) implements Event {

    /**
     * Checks the fields.
     *
     * @param orderid the customer order
     * @param sku     the SKU ordered
     * @param qty     how many units
     * @throws NullPointerException when {@code orderid} or {@code sku} is missing
     */
    public AllocationRequired {
        Objects.requireNonNull(orderid, "orderid");
        Objects.requireNonNull(sku, "sku");
    }
}
