package com.made.allocation.adapters.jooq;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A product as it was loaded, so that saving writes only what changed since. */
record ProductSnapshot(int versionNumber, Map<String, Integer> quantities, Map<String, Set<OrderLine>> lines) {

    static ProductSnapshot of(Product product) {
        Map<String, Integer> quantities = new HashMap<>();
        Map<String, Set<OrderLine>> lines = new HashMap<>();
        for (Batch batch : product.batches()) {
            quantities.put(batch.reference(), batch.purchasedQuantity());
            lines.put(batch.reference(), new HashSet<>(batch.allocations()));
        }
        return new ProductSnapshot(product.versionNumber(), quantities, lines);
    }

    boolean has(Batch batch) {
        return quantities.containsKey(batch.reference());
    }

    Set<OrderLine> linesOf(Batch batch) {
        return lines.getOrDefault(batch.reference(), Set.of());
    }
}
