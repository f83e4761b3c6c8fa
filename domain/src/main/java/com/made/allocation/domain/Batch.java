package com.made.allocation.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch of stock of one SKU: either in the warehouse ({@link #eta()} empty) or on its way, arriving on
 * its ETA. Order lines are allocated to it while it has enough available quantity.
 *
 * <p>An entity: two batches are equal when their references are equal, whatever their state.
 * Batches change only through their {@link Product}, which keeps its version number in step.
 */
public final class Batch {

    /**
     * The order in which batches are used: warehouse stock first, then shipments by ascending ETA.
     * Use it with a stable sort so that batches with the same ETA keep their original order.
     */
    public static final Comparator<Batch> ALLOCATION_ORDER =
            Comparator.comparing((Batch batch) -> batch.eta, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final String reference;
    private final String sku;
    private final LocalDate eta;
    private int purchasedQuantity;
    // In allocation order, so deallocation can give back the newest line first.
    private final List<OrderLine> allocations = new ArrayList<>();
    // Lines by order id, so lookups stay constant-time however many lines the batch holds.
    private final Map<String, List<OrderLine>> byOrderid = new HashMap<>();
    private int allocatedQuantity;

    /**
     * A new batch with nothing allocated.
     *
     * @param reference unique reference of the batch
     * @param sku       the SKU it holds
     * @param qty       purchased quantity, at least 0
     * @param eta       expected arrival, or {@code null} for stock already in the warehouse
     */
    public Batch(String reference, String sku, int qty, LocalDate eta) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.sku = Objects.requireNonNull(sku, "sku");
        this.purchasedQuantity = requireNotNegative(qty);
        this.eta = eta;
    }

    /**
     * Rebuilds a stored batch with the lines already allocated to it, in the order they were allocated.
     * Meant for repositories; the lines are taken as they are, without checking available quantity.
     */
    public static Batch restore(String reference, String sku, int qty, LocalDate eta,
                                Collection<OrderLine> allocations) {
        Batch batch = new Batch(reference, sku, qty, eta);
        allocations.forEach(batch::add);
        return batch;
    }

    /** The unique reference of this batch. */
    public String reference() {
        return reference;
    }

    /** The SKU this batch holds. */
    public String sku() {
        return sku;
    }

    /** The expected arrival date; empty for stock already in the warehouse. */
    public Optional<LocalDate> eta() {
        return Optional.ofNullable(eta);
    }

    /** The quantity bought, whether or not it is allocated. */
    public int purchasedQuantity() {
        return purchasedQuantity;
    }

    /** The sum of the quantities of the allocated lines. */
    public int allocatedQuantity() {
        return allocatedQuantity;
    }

    /** Purchased minus allocated quantity; negative only in the middle of a quantity change. */
    public int availableQuantity() {
        return purchasedQuantity - allocatedQuantity;
    }

    /** The allocated lines, oldest first. */
    public List<OrderLine> allocations() {
        return Collections.unmodifiableList(allocations);
    }

    /** Whether {@code line} is allocated to this batch. */
    public boolean isAllocated(OrderLine line) {
        return byOrderid.getOrDefault(line.orderid(), List.of()).contains(line);
    }

    /** The line of order {@code orderid} allocated to this batch, if any. */
    public Optional<OrderLine> allocationOf(String orderid) {
        return byOrderid.getOrDefault(orderid, List.of()).stream().findFirst();
    }

    /** True when the line is for this batch's SKU and the available quantity covers it (equal is enough). */
    public boolean canAllocate(OrderLine line) {
        return sku.equals(line.sku()) && availableQuantity() >= line.qty();
    }

    /**
     * Allocates {@code line} when {@link #canAllocate} allows it; otherwise does nothing. Allocating a line
     * that is already allocated here changes nothing.
     */
    public void allocate(OrderLine line) {
        if (canAllocate(line) && !isAllocated(line)) {
            add(line);
        }
    }

    /**
     * Removes and returns the most recently allocated line, so that older orders keep their stock.
     *
     * @throws IllegalStateException when nothing is allocated
     */
    public OrderLine deallocateOne() {
        if (allocations.isEmpty()) {
            throw new IllegalStateException("nothing is allocated to batch " + reference);
        }
        OrderLine line = allocations.remove(allocations.size() - 1);
        List<OrderLine> ofOrder = byOrderid.get(line.orderid());
        ofOrder.remove(line);
        if (ofOrder.isEmpty()) {
            byOrderid.remove(line.orderid());
        }
        allocatedQuantity -= line.qty();
        return line;
    }

    void changePurchasedQuantity(int qty) {
        purchasedQuantity = requireNotNegative(qty);
    }

    private void add(OrderLine line) {
        if (!isAllocated(line)) {
            byOrderid.computeIfAbsent(line.orderid(), orderid -> new ArrayList<>(1)).add(line);
            allocations.add(line);
            allocatedQuantity += line.qty();
        }
    }

    private static int requireNotNegative(int qty) {
        if (qty < 0) {
            throw new IllegalArgumentException("qty must not be negative, was " + qty);
        }
        return qty;
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
                + ", allocated=" + allocatedQuantity + "]";
    }
}
