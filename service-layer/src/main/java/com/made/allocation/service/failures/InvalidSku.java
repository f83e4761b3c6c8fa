package com.made.allocation.service.failures;

/** An order line asked for a SKU that has no product. */
public class InvalidSku extends RuntimeException implements Refusal {

    public InvalidSku(String sku) {
        super("Invalid sku " + sku);
    }
}
