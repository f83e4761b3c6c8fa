package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.StoredLines.StoredLine;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.spi.AllocatedLines;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lines of one stored batch, read only as far as its product asks: a batch of a million lines costs
 * its allocated total (read with the batch) and the few lines an allocation or a shrink needs. Until the
 * next commit it keeps the lines added and removed in memory over those it read: the repository writes the
 * changes from the product's events, not from here.
 */
final class JooqAllocatedLines implements AllocatedLines {

    private static final int PAGE = 100;

    private final String batchReference;
    private final StoredLines stored;
    private int quantity;
    // Every line from the oldest stored one read so far up to the newest, oldest first: the stored lines
    // with ids from oldestReadId on (less those removed), then those added in this unit of work.
    private final List<OrderLine> newest = new ArrayList<>();
    private final Map<String, OrderLine> newestByOrderid = new HashMap<>();
    private long oldestReadId = Long.MAX_VALUE;
    // Changes since the last commit, so that what is read from storage agrees with what is in memory. A stored
    // line removed and added again is in both: it moves to the top.
    private final Set<OrderLine> added = new LinkedHashSet<>();
    private final Set<OrderLine> removed = new LinkedHashSet<>();

    JooqAllocatedLines(String batchReference, int quantity, StoredLines stored) {
        this.batchReference = batchReference;
        this.quantity = quantity;
        this.stored = stored;
    }

    @Override
    public int quantity() {
        return quantity;
    }

    @Override
    public Optional<OrderLine> ofOrder(String orderid) {
        OrderLine known = newestByOrderid.get(orderid);
        if (known != null) {
            return Optional.of(known);
        }
        return stored.ofOrder(orderid)
                .filter(line -> line.batchReference().equals(batchReference) && !removed.contains(line.line()))
                .map(StoredLine::line);
    }

    @Override
    public Optional<OrderLine> newest() {
        while (newest.isEmpty() && quantity > 0 && readOlderPage()) {
            // pages of lines all removed in this unit of work leave nothing to hand out: read on
        }
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(newest.size() - 1));
    }

    @Override
    public List<OrderLine> all() {
        while (readOlderPage()) {
            // every stored line, page by page
        }
        return Collections.unmodifiableList(newest);
    }

    @Override
    public void add(OrderLine line) {
        newest.add(line);
        newestByOrderid.put(line.orderid(), line);
        added.add(line);
        quantity += line.qty();
    }

    @Override
    public void remove(OrderLine line) {
        int last = newest.size() - 1;
        if (last >= 0 && newest.get(last).equals(line)) {
            newest.remove(last); // the usual case: deallocation gives back the newest line
        } else {
            newest.remove(line);
        }
        newestByOrderid.remove(line.orderid(), line);
        if (!added.remove(line)) {
            removed.add(line);
        }
        quantity -= line.qty();
    }

    /** The changes are stored: the added lines are now the newest stored ones, the removed ones gone. */
    void committed() {
        added.clear();
        removed.clear();
        if (oldestReadId == Long.MAX_VALUE) {
            // Nothing stored was read: the lines in memory are stored now, with ids this batch does not
            // know, so they are read again like the others when asked for.
            newest.clear();
            newestByOrderid.clear();
        }
    }

    /** Puts the next page of older stored lines in front; false when there were none left. */
    private boolean readOlderPage() {
        List<StoredLine> page = stored.newestOf(batchReference, oldestReadId, PAGE);
        if (page.isEmpty()) {
            return false;
        }
        List<OrderLine> older = new ArrayList<>(page.size());
        for (StoredLine line : page) {
            oldestReadId = Math.min(oldestReadId, line.id());
            if (!removed.contains(line.line())) {
                older.add(0, line.line());
                newestByOrderid.put(line.line().orderid(), line.line());
            }
        }
        newest.addAll(0, older);
        return true;
    }
}
