package com.made.allocation.domain;

import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.Event;
import com.made.allocation.domain.events.OutOfStock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate root: one SKU and all its batches. Every change to its batches goes through a product, so
 * the product is the unit of consistency: it carries a version number that each change increments, which
 * lets a store detect two concurrent changes to the same product.
 *
 * <p>A product does not act on the outside world. What follows from a change (a line that needs a new
 * batch, stock that ran out) is recorded as an {@link Event} and handed out by {@link #pullEvents()}.
 */
public final class Product {

    private final String sku;
    private final List<Batch> batches;
    private int versionNumber;
    private final StoredAllocations stored;
    private final List<Event> events = new ArrayList<>();

    /** A new product with the given batches, at version 0. */
    public Product(String sku, Collection<Batch> batches) {
        this(sku, batches, 0);
    }

    /**
     * A product with its batches, every line in memory, at a known version.
     *
     * @throws IllegalArgumentException when a batch is of another SKU or two batches share a reference
     */
    public Product(String sku, Collection<Batch> batches, int versionNumber) {
        this(sku, batches, versionNumber, StoredAllocations.NONE);
    }

    private Product(String sku, Collection<Batch> batches, int versionNumber, StoredAllocations stored) {
        this.sku = Objects.requireNonNull(sku, "sku");
        this.batches = new ArrayList<>(batches.size());
        batches.forEach(this::requireFits);
        batches.forEach(this.batches::add);
        this.versionNumber = versionNumber;
        this.stored = Objects.requireNonNull(stored, "stored");
    }

    /**
     * A stored product whose batches were restored without their lines ({@link Batch#restoreWithoutLines});
     * the lines it needs are looked up in {@code stored}. Meant for repositories.
     *
     * @throws IllegalArgumentException when a batch is of another SKU or two batches share a reference
     */
    public static Product restore(String sku, Collection<Batch> batches, int versionNumber,
                                  StoredAllocations stored) {
        return new Product(sku, batches, versionNumber, stored);
    }

    /** The SKU of this product. */
    public String sku() {
        return sku;
    }

    /** The batches, in the order they were added. */
    public List<Batch> batches() {
        return Collections.unmodifiableList(batches);
    }

    /** The batch with this reference, if the product has it. */
    public Optional<Batch> batch(String reference) {
        return batches.stream().filter(batch -> batch.reference().equals(reference)).findFirst();
    }

    /** Incremented by every change; stores compare it to detect concurrent changes. */
    public int versionNumber() {
        return versionNumber;
    }

    /**
     * Adds a batch of this product's SKU.
     *
     * @throws IllegalArgumentException when the batch is of another SKU or its reference is taken
     */
    public void addBatch(Batch batch) {
        requireFits(batch);
        batches.add(batch);
        versionNumber++;
    }

    /**
     * Allocates the line to the first batch that can take it: warehouse stock first, then the earliest
     * ETA. When no batch can, records {@link OutOfStock} and returns empty.
     *
     * <p>Allocating a line that is already allocated changes nothing and returns its batch.
     *
     * @return the reference of the batch the line is allocated to, or empty when out of stock
     * @throws ConflictingOrderLine when the same order already has this SKU allocated with another quantity
     * @throws IllegalArgumentException when the line is of another SKU
     */
    public Optional<String> allocate(OrderLine line) {
        if (!sku.equals(line.sku())) {
            throw new IllegalArgumentException("line of sku " + line.sku() + " given to product " + sku);
        }
        Optional<StoredAllocations.Placed> held = lineOfOrder(line.orderid());
        if (held.isPresent()) {
            if (held.get().line().equals(line)) {
                return Optional.of(held.get().batchReference());
            }
            throw new ConflictingOrderLine(line, held.get().line());
        }
        List<Batch> inOrder = new ArrayList<>(batches);
        inOrder.sort(Batch.ALLOCATION_ORDER); // stable: equal ETAs keep the order they were added in
        for (Batch batch : inOrder) {
            if (batch.canAllocate(line)) {
                batch.allocate(line);
                versionNumber++;
                return Optional.of(batch.reference());
            }
        }
        events.add(new OutOfStock(sku));
        return Optional.empty();
    }

    /**
     * Sets the purchased quantity of a batch. While the batch then holds more than it has, its newest
     * line is deallocated and an {@link AllocationRequired} is recorded for it, so it can be allocated
     * again elsewhere.
     *
     * @throws IllegalArgumentException when the product has no such batch or {@code qty} is negative
     */
    public void changeBatchQuantity(String reference, int qty) {
        Batch batch = batch(reference).orElseThrow(
                () -> new IllegalArgumentException("product " + sku + " has no batch " + reference));
        batch.changePurchasedQuantity(qty);
        versionNumber++;
        int excess = -batch.availableQuantity();
        if (excess > batch.knownQuantity()) {
            batch.loadOlderLines(stored.newestLines(reference, batch.storedLinesLoaded(), excess - batch.knownQuantity()));
        }
        while (batch.availableQuantity() < 0) {
            OrderLine line = batch.deallocateOne();
            events.add(new AllocationRequired(line.orderid(), line.sku(), line.qty()));
        }
    }

    /** Forgets the changes its batches recorded: a repository has stored them. */
    public void acceptChanges() {
        batches.forEach(Batch::acceptChanges);
    }

    /** The line of this order in one of the batches, in memory or, failing that, in storage. */
    private Optional<StoredAllocations.Placed> lineOfOrder(String orderid) {
        boolean everyLineInMemory = true;
        for (Batch batch : batches) {
            Optional<OrderLine> held = batch.allocationOf(orderid);
            if (held.isPresent()) {
                return Optional.of(new StoredAllocations.Placed(batch.reference(), held.get()));
            }
            everyLineInMemory &= batch.knowsEveryLine();
        }
        if (everyLineInMemory) {
            return Optional.empty();
        }
        // A stored line this unit of work deallocated is no longer allocated.
        return stored.lineOfOrder(orderid).filter(placed -> batch(placed.batchReference())
                .map(batch -> !batch.deallocatedSinceAccepted().contains(placed.line())).orElse(false));
    }

    /** The events recorded and not yet pulled, oldest first. */
    public List<Event> pendingEvents() {
        return List.copyOf(events);
    }

    /** Returns the recorded events, oldest first, and forgets them: each event is handed out once. */
    public List<Event> pullEvents() {
        List<Event> pulled = List.copyOf(events);
        events.clear();
        return pulled;
    }

    private void requireFits(Batch batch) {
        if (!sku.equals(batch.sku())) {
            throw new IllegalArgumentException("batch " + batch.reference() + " of sku " + batch.sku()
                    + " given to product " + sku);
        }
        if (batch(batch.reference()).isPresent()) {
            throw new IllegalArgumentException("product " + sku + " already has batch " + batch.reference());
        }
    }

    @Override
    public String toString() {
        return "Product[" + sku + ", version=" + versionNumber + ", batches=" + batches + "]";
    }
}
