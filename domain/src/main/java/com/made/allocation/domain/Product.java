package com.made.allocation.domain;

import com.made.allocation.domain.events.Allocated;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.domain.events.Deallocated;
import com.made.allocation.domain.events.Event;
import com.made.allocation.domain.events.OutOfStock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate root: one SKU and all its batches, the unit of consistency. Every change to its batches goes
 * through the product and increments its version number, which lets a store detect concurrent changes.
 * What follows from a change (a line that needs a new batch, stock that ran out) is recorded as an
 * {@link Event} and handed out by {@link #pullEvents()}: a product does not act on the outside world.
 */
public final class Product {

    // Warehouse stock first, then the earliest ETA; the stable sort keeps batches of one ETA in added order.
    private static final Comparator<Batch> ALLOCATION_ORDER = Comparator.comparing(b -> b.eta().orElse(LocalDate.MIN));

    private final String sku;
    private final List<Batch> batches = new ArrayList<>();
    private int versionNumber;
    private final List<Event> events = new ArrayList<>();

    /**
     * A new product, at version 0.
     *
     * @param sku     the SKU
     * @param batches its batches, all of that SKU, with distinct references
     */
    public Product(String sku, Collection<Batch> batches) {
        this(sku, batches, 0);
    }

    /**
     * A product at a known version, as a repository restores it. Public as the factory for storage
     * implementers, with {@link Batch#restore}; the model's users create products without a version.
     *
     * @param sku           the SKU
     * @param batches       its batches, all of that SKU, with distinct references
     * @param versionNumber the version it was stored at
     * @throws IllegalArgumentException when a batch is of another SKU or two batches share a reference
     */
    public Product(String sku, Collection<Batch> batches, int versionNumber) {
        this.sku = Objects.requireNonNull(sku, "sku");
        batches.forEach(this::addBatch);
        this.versionNumber = versionNumber; // the batches were there before this version
    }

    /** @return the SKU of this product */
    public String sku() {
        return sku;
    }

    /** @return the batches, in the order they were added, as an unmodifiable list */
    public List<Batch> batches() {
        return Collections.unmodifiableList(batches);
    }

    /**
     * @param reference a batch reference
     * @return the batch with this reference, if the product has it
     */
    public Optional<Batch> batch(String reference) {
        return batches.stream().filter(batch -> batch.reference().equals(reference)).findFirst();
    }

    /** @return the version: incremented by every change, compared by stores to detect concurrent changes */
    public int versionNumber() {
        return versionNumber;
    }

    /**
     * Adds a batch of this product's SKU.
     *
     * @param batch the new batch
     * @throws IllegalArgumentException when the batch is of another SKU or its reference is taken
     */
    public void addBatch(Batch batch) {
        if (!sku.equals(batch.sku()) || batch(batch.reference()).isPresent()) {
            throw new IllegalArgumentException("batch " + batch.reference() + " of sku " + batch.sku()
                    + " does not fit product " + sku + ": another SKU, or its reference is taken");
        }
        batches.add(batch);
        versionNumber++;
    }

    /**
     * Allocates the line to the first batch that can take it: warehouse stock first, then the earliest
     * ETA, and records {@link Allocated}. When none can, records {@link OutOfStock}. Allocating the same line
     * again changes nothing and records nothing.
     *
     * @param line the order line, of this product's SKU
     * @return the reference of the batch the line is allocated to, or empty when out of stock
     * @throws ConflictingOrderLine when the same order already has this SKU allocated with another quantity
     * @throws IllegalArgumentException when the line is of another SKU
     */
    public Optional<String> allocate(OrderLine line) {
        if (!sku.equals(line.sku())) {
            throw new IllegalArgumentException("line of sku " + line.sku() + " given to product " + sku);
        }
        for (Batch batch : batches) {
            OrderLine held = batch.allocationOf(line.orderid()).orElse(null);
            if (held != null && !held.equals(line)) {
                throw new ConflictingOrderLine(line, held);
            } else if (held != null) {
                return Optional.of(batch.reference());
            }
        }
        Optional<Batch> chosen = batches.stream().sorted(ALLOCATION_ORDER).filter(b -> b.canAllocate(line)).findFirst();
        if (chosen.isEmpty()) {
            events.add(new OutOfStock(sku));
            return Optional.empty();
        }
        Batch batch = chosen.get();
        batch.allocate(line);
        versionNumber++;
        events.add(new Allocated(line.orderid(), sku, line.qty(), batch.reference(), versionNumber));
        return Optional.of(batch.reference());
    }

    /**
     * Sets the purchased quantity of a batch and records {@link BatchQuantityChanged}. While the batch then
     * holds more than it has, its newest line is deallocated: a {@link Deallocated} is recorded for it, then an
     * {@link AllocationRequired}, to allocate it again elsewhere.
     *
     * @param reference the batch's reference
     * @param qty       its new purchased quantity
     * @throws IllegalArgumentException when the product has no such batch or {@code qty} is negative
     */
    public void changeBatchQuantity(String reference, int qty) {
        Batch batch = batch(reference).orElseThrow(
                () -> new IllegalArgumentException("product " + sku + " has no batch " + reference));
        batch.changePurchasedQuantity(qty);
        versionNumber++;
        events.add(new BatchQuantityChanged(reference, sku, qty));
        while (batch.availableQuantity() < 0) {
            OrderLine line = batch.deallocateOne();
            events.add(new Deallocated(line.orderid(), sku, line.qty(), reference, versionNumber));
            events.add(new AllocationRequired(line.orderid(), line.sku(), line.qty()));
        }
    }

    /** @return the recorded events, oldest first, now forgotten: each event is handed out once */
    public List<Event> pullEvents() {
        List<Event> pulled = List.copyOf(events);
        events.clear();
        return pulled;
    }
}
