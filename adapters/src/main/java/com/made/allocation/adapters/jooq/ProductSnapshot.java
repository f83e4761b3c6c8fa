package com.made.allocation.adapters.jooq;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.Product;
import java.util.HashMap;
import java.util.Map;

/**
 * A product's version and batch quantities as they were loaded or last saved, so that saving writes only
 * what changed. The lines' changes are recorded by the batches themselves.
 */
record ProductSnapshot(int versionNumber, Map<String, Quantities> quantities) {

    /** A batch's purchased and allocated quantities. */
    record Quantities(int purchased, int allocated) {
    }

    static final ProductSnapshot NOTHING = new ProductSnapshot(0, Map.of());

    static ProductSnapshot of(Product product) {
        Map<String, Quantities> quantities = new HashMap<>();
        for (Batch batch : product.batches()) {
            quantities.put(batch.reference(), new Quantities(batch.purchasedQuantity(), batch.allocatedQuantity()));
        }
        return new ProductSnapshot(product.versionNumber(), quantities);
    }

    boolean has(Batch batch) {
        return quantities.containsKey(batch.reference());
    }

    boolean changed(Batch batch) {
        return !new Quantities(batch.purchasedQuantity(), batch.allocatedQuantity())
                .equals(quantities.get(batch.reference()));
    }
}
