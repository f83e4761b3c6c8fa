package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;
import static com.made.allocation.adapters.jooq.schema.Tables.PRODUCTS;
import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.query;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;

import java.time.LocalDate;
import org.jooq.SQLDialect;

/**
 * The statements that load and save products, rendered once for one database.
 *
 * @param inOneRoundTrip whether the driver sends several statements in one round trip (PostgreSQL's does)
 */
record ProductSql(
        boolean inOneRoundTrip,
        PreparedSql version,
        PreparedSql versionForUpdate,
        PreparedSql batches,
        PreparedSql lineOfOrder,
        PreparedSql insertProduct,
        PreparedSql bumpVersion,
        PreparedSql insertBatch,
        PreparedSql updateBatch,
        PreparedSql deleteLine,
        PreparedSql insertLine,
        PreparedSql commit) {

    static ProductSql of(SQLDialect dialect) {
        var sku = param("sku", String.class);
        var versionQuery = select(PRODUCTS.VERSION_NUMBER).from(PRODUCTS).where(PRODUCTS.SKU.eq(sku));
        return new ProductSql(
                dialect.family() == SQLDialect.POSTGRES,
                PreparedSql.render(dialect, versionQuery),
                PreparedSql.render(dialect, versionQuery.forUpdate()),
                // columns read by position in JooqProductRepository
                PreparedSql.render(dialect, select(BATCHES.REFERENCE, BATCHES.PURCHASED_QUANTITY,
                        BATCHES.ETA, BATCHES.ALLOCATED_QUANTITY).from(BATCHES).where(BATCHES.SKU.eq(sku))
                        .orderBy(BATCHES.ID)),
                // (orderid, sku) -> qty, batch_ref, id
                PreparedSql.render(dialect, select(ALLOCATIONS.QTY, ALLOCATIONS.BATCH_REF, ALLOCATIONS.ID)
                        .from(ALLOCATIONS)
                        .where(ALLOCATIONS.ORDERID.eq(param("orderid", String.class)).and(ALLOCATIONS.SKU.eq(sku)))),
                // (sku, version)
                PreparedSql.render(dialect, insertInto(PRODUCTS, PRODUCTS.SKU, PRODUCTS.VERSION_NUMBER)
                        .values(sku, param("version", Integer.class))),
                // (new version, sku, version read)
                PreparedSql.render(dialect, update(PRODUCTS)
                        .set(PRODUCTS.VERSION_NUMBER, param("new_version", Integer.class))
                        .where(PRODUCTS.SKU.eq(sku).and(PRODUCTS.VERSION_NUMBER.eq(param("version", Integer.class))))),
                // (reference, sku, purchased, allocated, eta)
                PreparedSql.render(dialect, insertInto(BATCHES, BATCHES.REFERENCE, BATCHES.SKU,
                        BATCHES.PURCHASED_QUANTITY, BATCHES.ALLOCATED_QUANTITY, BATCHES.ETA).values(
                        param("reference", String.class), sku, param("purchased", Integer.class),
                        param("allocated", Integer.class), param("eta", LocalDate.class))),
                // (purchased, allocated, reference)
                PreparedSql.render(dialect, update(BATCHES)
                        .set(BATCHES.PURCHASED_QUANTITY, param("purchased", Integer.class))
                        .set(BATCHES.ALLOCATED_QUANTITY, param("allocated", Integer.class))
                        .where(BATCHES.REFERENCE.eq(param("reference", String.class)))),
                // (orderid, sku, batch_ref)
                PreparedSql.render(dialect, deleteFrom(ALLOCATIONS)
                        .where(ALLOCATIONS.ORDERID.eq(param("orderid", String.class)).and(ALLOCATIONS.SKU.eq(sku))
                                .and(ALLOCATIONS.BATCH_REF.eq(param("batch_ref", String.class))))),
                // (orderid, sku, qty, batch_ref)
                PreparedSql.render(dialect, insertInto(ALLOCATIONS, ALLOCATIONS.ORDERID,
                        ALLOCATIONS.SKU, ALLOCATIONS.QTY, ALLOCATIONS.BATCH_REF).values(
                        param("orderid", String.class), sku, param("qty", Integer.class),
                        param("batch_ref", String.class))),
                PreparedSql.render(dialect, query("commit")));
    }
}
