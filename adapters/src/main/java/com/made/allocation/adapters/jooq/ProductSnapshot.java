package com.made.allocation.adapters.jooq;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A product's version and batches as they were loaded or last saved, so that saving writes only what
 * changed. The lines of a stored batch record their own changes ({@link JooqAllocatedLines}); a batch
 * built in memory has few lines, kept here to compare.
 */
record ProductSnapshot(int versionNumber, Map<String, BatchState> batches) {

    /** A batch's purchased and allocated quantities, and its lines when it was built in memory. */
    record BatchState(int purchased, int allocated, List<OrderLine> linesInMemory) {
    }

    static final ProductSnapshot NOTHING = new ProductSnapshot(0, Map.of());

    /** @param storedLines the lines of the product's stored batches, by batch reference */
    static ProductSnapshot of(Product product, Map<String, JooqAllocatedLines> storedLines) {
        Map<String, BatchState> batches = new HashMap<>();
        for (Batch batch : product.batches()) {
            List<OrderLine> inMemory = storedLines.containsKey(batch.reference()) ? List.of() : batch.allocations();
            batches.put(batch.reference(),
                    new BatchState(batch.purchasedQuantity(), batch.allocatedQuantity(), inMemory));
        }
        return new ProductSnapshot(product.versionNumber(), batches);
    }

    /** The state of this batch, or null when it is new. */
    BatchState before(Batch batch) {
        return batches.get(batch.reference());
    }
}
