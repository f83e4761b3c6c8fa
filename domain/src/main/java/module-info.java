/**
 * The allocation model of the warehouse: {@link com.made.allocation.domain.Product products} (one per SKU)
 * allocate {@link com.made.allocation.domain.OrderLine order lines} to their
 * {@link com.made.allocation.domain.Batch batches} and record
 * {@link com.made.allocation.domain.events.Event events}. Plain Java: it requires nothing but
 * {@code java.base}.
 */
module com.made.allocation.domain {
    exports com.made.allocation.domain;
    exports com.made.allocation.domain.events;
    // For storage implementers: what a repository hands a restored batch.
    exports com.made.allocation.domain.spi;
}
