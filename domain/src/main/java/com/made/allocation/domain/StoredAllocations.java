package com.made.allocation.domain;

import java.util.List;
import java.util.Optional;

/**
 * Where a product restored without its allocated lines finds the few it needs, so that a product with a
 * million allocated lines is not read whole to allocate one more. Products built in memory hold every line
 * and use {@link #NONE}.
 */
public interface StoredAllocations {

    /** For products that hold every line in memory: nothing is stored elsewhere. */
    StoredAllocations NONE = new StoredAllocations() {
        @Override
        public Optional<Placed> lineOfOrder(String orderid) {
            return Optional.empty();
        }

        @Override
        public List<OrderLine> newestLines(String batchReference, int skip, int quantity) {
            return List.of();
        }
    };

    /** The stored line of order {@code orderid} in this product, and its batch. */
    Optional<Placed> lineOfOrder(String orderid);

    /**
     * The stored lines of a batch, newest first, after skipping the {@code skip} newest: as many as it takes
     * for their quantities to add up to {@code quantity} at least, or all that are left.
     */
    List<OrderLine> newestLines(String batchReference, int skip, int quantity);

    /** A stored order line and the batch it is allocated to. */
    record Placed(String batchReference, OrderLine line) {
    }
}
