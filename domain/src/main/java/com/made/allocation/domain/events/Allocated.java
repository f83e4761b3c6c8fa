package com.made.allocation.domain.events;

import java.util.Objects;

/**
 * An order line was allocated to a batch. Other services learn of allocations from it.
 *
 * @param orderid  the customer order
 * @param sku      the SKU ordered
 * @param qty      how many units
 * @param batchref the batch the line now takes its units from
 * @param version  the product's version after the allocation: later changes of the SKU have higher ones
 */
public record Allocated(String orderid, String sku, int qty, String batchref, int version) implements Event {

    /**
     * Checks the fields.
     *
     * @param orderid  the customer order
     * @param sku      the SKU ordered
     * @param qty      how many units
     * @param batchref the batch the line now takes its units from
     * @param version  the product's version after the allocation
     * @throws NullPointerException when {@code orderid}, {@code sku} or {@code batchref} is missing
     */
    public Allocated {
        Objects.requireNonNull(orderid, "orderid");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(batchref, "batchref");
    }
}
