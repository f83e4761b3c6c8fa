package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;

import com.made.allocation.domain.OrderLine;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stored lines of one product, read in its unit of work's transaction when its batches ask. The line of
 * an order is looked up once for all the product's batches; what was read holds until the next commit.
 */
final class StoredLines {

    /** A stored line, with the batch it is allocated to and its row id (the higher, the newer). */
    record StoredLine(long id, String batchReference, OrderLine line) {
    }

    private final Supplier<Connection> connection;
    private final ProductStatements statements;
    private final String sku;
    private final Map<String, Optional<StoredLine>> byOrderid = new HashMap<>();

    StoredLines(Supplier<Connection> connection, ProductStatements statements, String sku) {
        this.connection = connection;
        this.statements = statements;
        this.sku = sku;
    }

    /** The stored line of this order in the product, in whichever batch. */
    Optional<StoredLine> ofOrder(String orderid) {
        return byOrderid.computeIfAbsent(orderid, this::readLineOfOrder);
    }

    // Asked on every allocation: one of the statements rendered once.
    private Optional<StoredLine> readLineOfOrder(String orderid) {
        List<StoredLine> found = new ArrayList<>();
        new Reads()
                .add(statements.lineOfOrder(orderid, sku), row -> found.add(new StoredLine(row.get(ALLOCATIONS.ID),
                        row.get(ALLOCATIONS.BATCH_REF), new OrderLine(orderid, sku, row.get(ALLOCATIONS.QTY)))))
                .execute(connection.get(), statements.inOneRoundTrip());
        return found.stream().findFirst();
    }

    /** Up to {@code limit} stored lines of a batch with ids below {@code belowId}, newest first. */
    List<StoredLine> newestOf(String batchReference, long belowId, int limit) {
        List<StoredLine> lines = new ArrayList<>();
        new Reads().add(statements.newestLines(batchReference, belowId, limit), row -> lines.add(new StoredLine(
                        row.get(ALLOCATIONS.ID), batchReference,
                        new OrderLine(row.get(ALLOCATIONS.ORDERID), sku, row.get(ALLOCATIONS.QTY)))))
                .execute(connection.get(), false);
        return lines;
    }

    /** Forgets what was read: after a commit, this unit of work's own changes are stored too. */
    void committed() {
        byOrderid.clear();
    }
}
