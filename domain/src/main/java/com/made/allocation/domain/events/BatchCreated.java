package com.made.allocation.domain.events;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A batch of stock was bought.
 *
 * @param ref unique reference of the batch
 * @param sku the SKU it holds
 * @param qty purchased quantity
 * @param eta expected arrival, or {@code null} for stock already in the warehouse
 */
public record BatchCreated(String ref, String sku, int qty, LocalDate eta) implements Event {

    /**
     * Checks the fields.
     *
     * @param ref unique reference of the batch
     * @param sku the SKU it holds
     * @param qty purchased quantity
     * @param eta expected arrival, or {@code null} for stock already in the warehouse
     * @throws NullPointerException when {@code ref} or {@code sku} is missing
     */
    public BatchCreated {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(sku, "sku");
    }
}
