package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;
import static com.made.allocation.adapters.jooq.schema.Tables.PRODUCTS;
import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;

import com.made.allocation.adapters.jooq.sql.PreparedSql.Bound;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import java.time.LocalDate;
import org.jooq.Param;
import org.jooq.SQLDialect;

/**
 * The statements that load and save products, rendered once for one database, each behind a method that
 * takes its values by name and type.
 */
final class ProductStatements {

    private static final Param<String> SKU = param("sku", String.class);
    private static final Param<String> ORDERID = param("orderid", String.class);
    private static final Param<String> REFERENCE = param("reference", String.class);
    private static final Param<Integer> QTY = param("qty", Integer.class);
    private static final Param<Integer> VERSION = param("version", Integer.class);
    private static final Param<Integer> NEW_VERSION = param("new_version", Integer.class);
    private static final Param<Integer> PURCHASED = param("purchased", Integer.class);
    private static final Param<Integer> ALLOCATED = param("allocated", Integer.class);
    private static final Param<LocalDate> ETA = param("eta", LocalDate.class);
    private static final Param<Long> BELOW_ID = param("below_id", Long.class);
    private static final Param<Integer> LIMIT = param("limit", Integer.class);

    private final boolean inOneRoundTrip;
    private final PreparedSql version;
    private final PreparedSql versionForUpdate;
    private final PreparedSql batches;
    private final PreparedSql lineOfOrder;
    private final PreparedSql newestLines;
    private final PreparedSql skuOfBatch;
    private final PreparedSql insertProduct;
    private final PreparedSql bumpVersion;
    private final PreparedSql insertBatch;
    private final PreparedSql updateBatch;
    private final PreparedSql deleteLine;
    private final PreparedSql insertLine;
    private final PreparedSql commit = PreparedSql.of("commit");

    ProductStatements(SQLDialect dialect) {
        inOneRoundTrip = dialect.family() == SQLDialect.POSTGRES;
        var versionQuery = select(PRODUCTS.VERSION_NUMBER).from(PRODUCTS).where(PRODUCTS.SKU.eq(SKU));
        version = PreparedSql.render(dialect, versionQuery);
        versionForUpdate = PreparedSql.render(dialect, versionQuery.forUpdate());
        batches = PreparedSql.render(dialect, select(BATCHES.REFERENCE, BATCHES.PURCHASED_QUANTITY, BATCHES.ETA,
                BATCHES.ALLOCATED_QUANTITY).from(BATCHES).where(BATCHES.SKU.eq(SKU)).orderBy(BATCHES.ID));
        lineOfOrder = PreparedSql.render(dialect, select(ALLOCATIONS.ID, ALLOCATIONS.QTY, ALLOCATIONS.BATCH_REF)
                .from(ALLOCATIONS).where(ALLOCATIONS.ORDERID.eq(ORDERID).and(ALLOCATIONS.SKU.eq(SKU))));
        newestLines = PreparedSql.render(dialect, select(ALLOCATIONS.ID, ALLOCATIONS.ORDERID, ALLOCATIONS.QTY)
                .from(ALLOCATIONS).where(ALLOCATIONS.BATCH_REF.eq(REFERENCE).and(ALLOCATIONS.ID.lt(BELOW_ID)))
                .orderBy(ALLOCATIONS.ID.desc()).limit(LIMIT));
        skuOfBatch = PreparedSql.render(dialect, select(BATCHES.SKU).from(BATCHES).where(BATCHES.REFERENCE.eq(REFERENCE)));
        insertProduct = PreparedSql.render(dialect,
                insertInto(PRODUCTS, PRODUCTS.SKU, PRODUCTS.VERSION_NUMBER).values(SKU, VERSION));
        bumpVersion = PreparedSql.render(dialect, update(PRODUCTS).set(PRODUCTS.VERSION_NUMBER, NEW_VERSION)
                .where(PRODUCTS.SKU.eq(SKU).and(PRODUCTS.VERSION_NUMBER.eq(VERSION))));
        insertBatch = PreparedSql.render(dialect, insertInto(BATCHES, BATCHES.REFERENCE, BATCHES.SKU,
                BATCHES.PURCHASED_QUANTITY, BATCHES.ALLOCATED_QUANTITY, BATCHES.ETA)
                .values(REFERENCE, SKU, PURCHASED, ALLOCATED, ETA));
        updateBatch = PreparedSql.render(dialect, update(BATCHES).set(BATCHES.PURCHASED_QUANTITY, PURCHASED)
                .set(BATCHES.ALLOCATED_QUANTITY, ALLOCATED).where(BATCHES.REFERENCE.eq(REFERENCE)));
        // By the line's unique key alone: with the batch in the condition too, a planner without statistics
        // may choose the batch's index and read every line of the batch (QueryPlansIT). Line writes follow the
        // order of the product's events, so a line that moved to another batch is deleted before it is inserted.
        deleteLine = PreparedSql.render(dialect, deleteFrom(ALLOCATIONS).where(ALLOCATIONS.ORDERID.eq(ORDERID)
                .and(ALLOCATIONS.SKU.eq(SKU))));
        insertLine = PreparedSql.render(dialect, insertInto(ALLOCATIONS, ALLOCATIONS.ORDERID, ALLOCATIONS.SKU,
                ALLOCATIONS.QTY, ALLOCATIONS.BATCH_REF).values(ORDERID, SKU, QTY, REFERENCE));
    }

    /** Whether the driver sends several statements in one round trip (PostgreSQL's does). */
    boolean inOneRoundTrip() {
        return inOneRoundTrip;
    }

    /** The product's version; with {@code lock}, its row is locked until the transaction ends. */
    Bound version(String sku, boolean lock) {
        return (lock ? versionForUpdate : version).with(SKU, sku);
    }

    /** The product's batches with their allocated totals, in the order they were added. */
    Bound batches(String sku) {
        return batches.with(SKU, sku);
    }

    /** The stored line of an order for a SKU, with its row id and batch. */
    Bound lineOfOrder(String orderid, String sku) {
        return lineOfOrder.with(ORDERID, orderid).with(SKU, sku);
    }

    /** Up to {@code limit} lines of a batch with row ids below {@code belowId}, newest first. */
    Bound newestLines(String batchReference, long belowId, int limit) {
        return newestLines.with(REFERENCE, batchReference).with(BELOW_ID, belowId).with(LIMIT, limit);
    }

    /** The SKU of a batch. */
    Bound skuOfBatch(String reference) {
        return skuOfBatch.with(REFERENCE, reference);
    }

    Bound insertProduct(String sku, int version) {
        return insertProduct.with(SKU, sku).with(VERSION, version);
    }

    /** Changes one row if the product is still at version {@code from}, none if someone changed it since. */
    Bound bumpVersion(String sku, int from, int to) {
        return bumpVersion.with(SKU, sku).with(VERSION, from).with(NEW_VERSION, to);
    }

    Bound insertBatch(Batch batch) {
        return insertBatch.with(REFERENCE, batch.reference()).with(SKU, batch.sku())
                .with(PURCHASED, batch.purchasedQuantity()).with(ALLOCATED, batch.allocatedQuantity())
                .with(ETA, batch.eta().orElse(null));
    }

    Bound updateBatch(Batch batch) {
        return updateBatch.with(REFERENCE, batch.reference()).with(PURCHASED, batch.purchasedQuantity())
                .with(ALLOCATED, batch.allocatedQuantity());
    }

    Bound deleteLine(OrderLine line) {
        return deleteLine.with(ORDERID, line.orderid()).with(SKU, line.sku());
    }

    Bound insertLine(OrderLine line, String batchReference) {
        return insertLine.with(ORDERID, line.orderid()).with(SKU, line.sku()).with(QTY, line.qty())
                .with(REFERENCE, batchReference);
    }

    Bound commit() {
        return commit.bound();
    }
}
