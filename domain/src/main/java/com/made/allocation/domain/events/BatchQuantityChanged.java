package com.made.allocation.domain.events;

import java.util.Objects;

/**
 * The real world changed the purchased quantity of a batch (damage, a short delivery).
 *
 * @param ref the batch's reference
 * @param qty its new purchased quantity
 */
public record BatchQuantityChanged(String ref, int qty) implements Event {

    /**
     * Checks the fields.
     *
     * @param ref the batch's reference
     * @param qty its new purchased quantity
     * @throws NullPointerException when {@code ref} is missing
     */
    public BatchQuantityChanged {
        Objects.requireNonNull(ref, "ref");
    }
}
