package com.made.allocation.domain.events;

import java.util.Objects;

/**
 * The purchased quantity of a batch was changed (damage, a short delivery). The lines it no longer has room
 * for follow as {@link Deallocated} events.
 *
 * @param ref the batch's reference
 * @param sku the SKU it holds
 * @param qty its new purchased quantity
 */
public record BatchQuantityChanged(String ref, String sku, int qty) implements Event {

    /**
     * Checks the fields.
     *
     * @param ref the batch's reference
     * @param sku the SKU it holds
     * @param qty its new purchased quantity
     * @throws NullPointerException when {@code ref} or {@code sku} is missing
     */
    public BatchQuantityChanged {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(sku, "sku");
    }
}
