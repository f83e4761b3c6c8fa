package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;

import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.spi.AllocatedLines;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The stored lines of one product, read in its unit of work's transaction only as far as its batches ask:
 * a batch of a million lines costs its allocated total (read with the batch) and the few lines an
 * allocation or a shrink needs. The line of an order is looked up once for all the product's batches; what
 * was read holds until the next commit. Until then each batch keeps the lines added and removed in memory
 * over those it read: the repository writes the changes from the product's events, not from here.
 */
final class StoredLines {

    private static final int PAGE = 100;

    /** A stored line, with the batch it is allocated to and its row id (the higher, the newer). */
    private record StoredLine(long id, String batchReference, OrderLine line) {
    }

    private final Supplier<Connection> connection;
    private final ProductStatements statements;
    private final String sku;
    private final Map<String, Optional<StoredLine>> byOrderid = new HashMap<>();
    private final List<OfBatch> batches = new ArrayList<>();

    StoredLines(Supplier<Connection> connection, ProductStatements statements, String sku) {
        this.connection = connection;
        this.statements = statements;
        this.sku = sku;
    }

    /** The lines of a stored batch of this product, which holds {@code quantity} in all. */
    AllocatedLines ofBatch(String batchReference, int quantity) {
        OfBatch lines = new OfBatch(batchReference, quantity);
        batches.add(lines);
        return lines;
    }

    /** The changes are stored: this unit of work's own changes are read from storage like the rest. */
    void committed() {
        byOrderid.clear();
        batches.forEach(OfBatch::committed);
    }

    /**
     * Adds to {@code trip} the look-ups of these orders' stored lines (those the bus said its commands will
     * ask for, read with the product), which then cost no round trip of their own when a batch asks.
     */
    void lookUpWith(RoundTrip trip, Collection<String> orderids) {
        for (String orderid : orderids) {
            byOrderid.put(orderid, Optional.empty());
            trip.query(statements.lineOfOrder(orderid, sku),
                    row -> byOrderid.put(orderid, Optional.of(lineOfOrder(orderid, row))));
        }
    }

    /** The stored line of this order in the product, in whichever batch. */
    private Optional<StoredLine> lineOfOrder(String orderid) {
        return byOrderid.computeIfAbsent(orderid, this::readLineOfOrder);
    }

    private Optional<StoredLine> readLineOfOrder(String orderid) {
        List<StoredLine> found = new ArrayList<>(1);
        new RoundTrip().query(statements.lineOfOrder(orderid, sku), row -> found.add(lineOfOrder(orderid, row)))
                .run(connection.get(), statements.inOneRoundTrip());
        return found.stream().findFirst();
    }

    private StoredLine lineOfOrder(String orderid, RoundTrip.Row row) {
        return new StoredLine(row.get(ALLOCATIONS.ID), row.get(ALLOCATIONS.BATCH_REF),
                new OrderLine(orderid, sku, row.get(ALLOCATIONS.QTY)));
    }

    /** Up to {@code limit} stored lines of a batch with ids below {@code belowId}, newest first. */
    private List<StoredLine> newestOf(String batchReference, long belowId, int limit) {
        List<StoredLine> lines = new ArrayList<>();
        new RoundTrip().query(statements.newestLines(batchReference, belowId, limit), row -> lines.add(new StoredLine(
                        row.get(ALLOCATIONS.ID), batchReference,
                        new OrderLine(row.get(ALLOCATIONS.ORDERID), sku, row.get(ALLOCATIONS.QTY)))))
                .run(connection.get(), false);
        return lines;
    }

    /** The lines of one stored batch: its total, and the stored lines read so far with this unit of work's changes. */
    private final class OfBatch implements AllocatedLines {

        private final String batchReference;
        private int quantity;
        // Every line from the oldest stored one read so far up to the newest, oldest first: the stored lines
        // with ids from oldestReadId on (less those removed), then those added in this unit of work.
        private final List<OrderLine> newest = new ArrayList<>();
        private final Map<String, OrderLine> newestByOrderid = new HashMap<>();
        private long oldestReadId = Long.MAX_VALUE;
        // Changes since the last commit, so that what is read from storage agrees with what is in memory. A
        // stored line removed and added again is in both: it moves to the top.
        private final Set<OrderLine> added = new LinkedHashSet<>();
        private final Set<OrderLine> removed = new LinkedHashSet<>();

        OfBatch(String batchReference, int quantity) {
            this.batchReference = batchReference;
            this.quantity = quantity;
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
            return lineOfOrder(orderid)
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

        /** The added lines are now the newest stored ones, the removed ones gone. */
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
            List<StoredLine> page = newestOf(batchReference, oldestReadId, PAGE);
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
}
