package com.made.allocation.domain.events;

import java.util.Objects;

/**
 * A line of this SKU could not be allocated: no batch had enough available quantity.
 *
 * @param sku the SKU that ran out
 */
public record OutOfStock(String sku) implements Event {

    /**
     * Checks the fields.
     *
     * @param sku the SKU that ran out
     * @throws NullPointerException when {@code sku} is missing
     */
    public OutOfStock {
        Objects.requireNonNull(sku, "sku");
    }
}
