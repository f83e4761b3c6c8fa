package com.made.allocation.domain;

import com.made.allocation.domain.spi.AllocatedLines;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch of stock of one SKU, in the warehouse ({@link #eta()} empty) or on its way, arriving on its ETA.
 * Order lines are allocated to it while it has enough available quantity. An entity: batches are equal when
 * their references are. It changes only through its {@link Product}; from outside, it can only be read.
 */
public final class Batch {

    private final String reference;
    private final String sku;
    private final LocalDate eta;
    private int purchasedQuantity;
    private final AllocatedLines allocations;

    /**
     * A new batch with nothing allocated.
     *
     * @param reference unique reference of the batch
     * @param sku       the SKU it holds
     * @param qty       purchased quantity, at least 0
     * @param eta       expected arrival, or {@code null} for stock already in the warehouse
     * @throws IllegalArgumentException when {@code qty} is negative
     */
    public Batch(String reference, String sku, int qty, LocalDate eta) {
        this(reference, sku, qty, eta, new LinesInMemory());
    }

    private Batch(String reference, String sku, int qty, LocalDate eta, AllocatedLines allocations) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.sku = Objects.requireNonNull(sku, "sku");
        this.eta = eta;
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        changePurchasedQuantity(qty);
    }

    /**
     * A stored batch, as a repository restores it. Its lines are held by {@code allocations}, taken as they
     * are, without checking them against the purchased quantity; the batch owns the collection from then on.
     * Public as the factory for storage implementers (Java has no narrower home for it without reflection):
     * the model's users create batches with the constructor and change them through their product.
     *
     * @param reference unique reference of the batch
     * @param sku the SKU it holds
     * @param qty purchased quantity, at least 0
     * @param eta expected arrival, or {@code null} for stock already in the warehouse
     * @param allocations the lines allocated to it, all of this SKU
     * @return the batch
     */
    public static Batch restore(String reference, String sku, int qty, LocalDate eta, AllocatedLines allocations) {
        return new Batch(reference, sku, qty, eta, allocations);
    }

    /** @return the unique reference of this batch */
    public String reference() {
        return reference;
    }

    /** @return the SKU this batch holds */
    public String sku() {
        return sku;
    }

    /** @return the expected arrival date; empty for stock already in the warehouse */
    public Optional<LocalDate> eta() {
        return Optional.ofNullable(eta);
    }

    /** @return the quantity bought, whether or not it is allocated */
    public int purchasedQuantity() {
        return purchasedQuantity;
    }

    /** @return the sum of the quantities of the allocated lines */
    public int allocatedQuantity() {
        return allocations.quantity();
    }

    /** @return purchased minus allocated quantity; negative only in the middle of a quantity change */
    public int availableQuantity() {
        return purchasedQuantity - allocations.quantity();
    }

    /** @return every allocated line, oldest first, as an unmodifiable list */
    public List<OrderLine> allocations() {
        return List.copyOf(allocations.all());
    }

    /**
     * @param orderid a customer order
     * @return the line of that order allocated to this batch, if any
     */
    public Optional<OrderLine> allocationOf(String orderid) {
        return allocations.ofOrder(orderid);
    }

    /**
     * @param line an order line
     * @return true when the line is of this batch's SKU and the available quantity covers it (equal is enough)
     */
    public boolean canAllocate(OrderLine line) {
        return sku.equals(line.sku()) && availableQuantity() >= line.qty();
    }

    /** Allocates the line when it fits and its order has no line here yet; otherwise does nothing. */
    void allocate(OrderLine line) {
        if (canAllocate(line) && allocations.ofOrder(line.orderid()).isEmpty()) {
            allocations.add(line);
        }
    }

    /** Removes and returns the most recently allocated line, so that older orders keep their stock. */
    OrderLine deallocateOne() {
        OrderLine newest = allocations.newest()
                .orElseThrow(() -> new IllegalStateException("nothing is allocated to batch " + reference));
        allocations.remove(newest);
        return newest;
    }

    void changePurchasedQuantity(int qty) {
        if (qty < 0) {
            throw new IllegalArgumentException("qty must not be negative, was " + qty);
        }
        purchasedQuantity = qty;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Batch batch && reference.equals(batch.reference);
    }

    @Override
    public int hashCode() {
        return reference.hashCode();
    }

    @Override
    public String toString() {
        return "Batch[" + reference + ", " + sku + ", qty=" + purchasedQuantity + ", eta=" + eta
                + ", allocated=" + allocatedQuantity() + "]";
    }
}
