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
 *
 * <p>A batch built in memory, or restored with its lines, knows every allocated line. A batch restored
 * with only its allocated quantity ({@link #restoreWithoutLines}) knows the lines allocated since, and the
 * older ones its product loads when it must deallocate; {@link #allocations()} then refuses to answer.
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
    private int allocatedQuantity;
    // The lines in memory, oldest first, so deallocation can give back the newest line first.
    private final List<OrderLine> lines = new ArrayList<>();
    // The same lines by order id, so lookups stay constant-time however many lines the batch holds.
    private final Map<String, List<OrderLine>> byOrderid = new HashMap<>();
    private int knownQuantity;
    private int storedLinesLoaded;
    // What changed since the batch was restored or its changes were last accepted, for repositories.
    private final List<OrderLine> allocatedSince = new ArrayList<>();
    private final List<OrderLine> deallocatedSince = new ArrayList<>();

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
     * Rebuilds a stored batch with every line allocated to it, in the order they were allocated.
     * Meant for repositories; the lines are taken as they are, without checking available quantity.
     */
    public static Batch restore(String reference, String sku, int qty, LocalDate eta,
                                Collection<OrderLine> allocations) {
        Batch batch = new Batch(reference, sku, qty, eta);
        allocations.forEach(batch::remember);
        batch.allocatedQuantity = batch.knownQuantity;
        batch.storedLinesLoaded = batch.lines.size();
        return batch;
    }

    /**
     * Rebuilds a stored batch from its allocated quantity alone; its product loads the lines it needs
     * through its {@link StoredAllocations}. Meant for repositories.
     */
    public static Batch restoreWithoutLines(String reference, String sku, int qty, LocalDate eta,
                                            int allocatedQuantity) {
        Batch batch = new Batch(reference, sku, qty, eta);
        batch.allocatedQuantity = requireNotNegative(allocatedQuantity);
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

    /**
     * Every allocated line, oldest first.
     *
     * @throws IllegalStateException when the batch was restored without its lines and has not loaded them all
     */
    public List<OrderLine> allocations() {
        if (!knowsEveryLine()) {
            throw new IllegalStateException("batch " + reference + " was restored without all its lines");
        }
        return Collections.unmodifiableList(lines);
    }

    /** Whether {@code line} is among the lines in memory (every line, unless restored without them). */
    public boolean isAllocated(OrderLine line) {
        return byOrderid.getOrDefault(line.orderid(), List.of()).contains(line);
    }

    /** The line of order {@code orderid} among the lines in memory, if any. */
    public Optional<OrderLine> allocationOf(String orderid) {
        return byOrderid.getOrDefault(orderid, List.of()).stream().findFirst();
    }

    /** True when the available quantity covers the line (equal is enough) and it is of this batch's SKU. */
    public boolean canAllocate(OrderLine line) {
        return sku.equals(line.sku()) && availableQuantity() >= line.qty();
    }

    /**
     * Allocates {@code line} when {@link #canAllocate} allows it; otherwise does nothing. Allocating a line
     * that is already allocated here changes nothing.
     */
    public void allocate(OrderLine line) {
        if (canAllocate(line) && !isAllocated(line)) {
            remember(line);
            allocatedQuantity += line.qty();
            if (!deallocatedSince.remove(line)) {
                allocatedSince.add(line);
            }
        }
    }

    /**
     * Removes and returns the most recently allocated line, so that older orders keep their stock.
     *
     * @throws IllegalStateException when nothing is allocated, or the newest lines are not loaded
     */
    public OrderLine deallocateOne() {
        if (lines.isEmpty()) {
            throw new IllegalStateException(allocatedQuantity == 0 ? "nothing is allocated to batch " + reference
                    : "the newest lines of batch " + reference + " are not loaded");
        }
        OrderLine line = lines.remove(lines.size() - 1);
        List<OrderLine> ofOrder = byOrderid.get(line.orderid());
        ofOrder.remove(line);
        if (ofOrder.isEmpty()) {
            byOrderid.remove(line.orderid());
        }
        knownQuantity -= line.qty();
        allocatedQuantity -= line.qty();
        if (!allocatedSince.remove(line)) {
            deallocatedSince.add(line);
        }
        return line;
    }

    /** Lines allocated since the batch was restored or its changes were last accepted. For repositories. */
    public List<OrderLine> allocatedSinceAccepted() {
        return List.copyOf(allocatedSince);
    }

    /** Lines deallocated since the batch was restored or its changes were last accepted. For repositories. */
    public List<OrderLine> deallocatedSinceAccepted() {
        return List.copyOf(deallocatedSince);
    }

    /** Forgets the changes recorded so far: a repository has stored them. */
    public void acceptChanges() {
        allocatedSince.clear();
        deallocatedSince.clear();
    }

    void changePurchasedQuantity(int qty) {
        purchasedQuantity = requireNotNegative(qty);
    }

    boolean knowsEveryLine() {
        return knownQuantity == allocatedQuantity;
    }

    /** The quantity of the lines in memory. */
    int knownQuantity() {
        return knownQuantity;
    }

    /** How many stored lines, counted from the newest, have been loaded (deallocated ones included). */
    int storedLinesLoaded() {
        return storedLinesLoaded;
    }

    /** Puts stored lines, given newest first, before the lines in memory: they are older. */
    void loadOlderLines(List<OrderLine> newestFirst) {
        List<OrderLine> older = new ArrayList<>(newestFirst);
        Collections.reverse(older);
        List<OrderLine> newer = new ArrayList<>(lines);
        lines.clear();
        byOrderid.clear();
        knownQuantity = 0;
        older.forEach(this::remember);
        newer.forEach(this::remember);
        storedLinesLoaded += newestFirst.size();
    }

    private void remember(OrderLine line) {
        if (!isAllocated(line)) {
            byOrderid.computeIfAbsent(line.orderid(), orderid -> new ArrayList<>(1)).add(line);
            lines.add(line);
            knownQuantity += line.qty();
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
