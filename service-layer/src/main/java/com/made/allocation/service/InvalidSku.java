package com.made.allocation.service;

/** An order line asked for a SKU that has no product. */
public class InvalidSku extends RuntimeException {

    public InvalidSku(String sku) {
        super("Invalid sku " + sku);
    }
}
