package com.made.allocation.domain;

import java.util.Objects;

/**
 * One line of a customer order: a quantity of one SKU. A value: two lines are equal when order id, SKU and
 * quantity are all equal.
 *
 * @param orderid the customer order the line belongs to
 * @param sku     the stock-keeping unit ordered
 * @param qty     how many units, at least 1
 */
public record OrderLine(String orderid, String sku, int qty) {

    /**
     * Checks the fields.
     *
     * @param orderid the customer order the line belongs to
     * @param sku     the stock-keeping unit ordered
     * @param qty     how many units, at least 1
     * @throws IllegalArgumentException when {@code qty} is not positive (a missing field: {@code NullPointerException})
     */
    public OrderLine {
        Objects.requireNonNull(orderid, "orderid");
        Objects.requireNonNull(sku, "sku");
        if (qty <= 0) {
            throw new IllegalArgumentException("qty must be positive, was " + qty);
        }
    }
}
