package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;

import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.StoredAllocations;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record2;

/** The lines of one product that a partly loaded product asks for, read in its unit of work's transaction. */
final class JooqStoredAllocations implements StoredAllocations {

    private static final int FETCH_SIZE = 100;

    private final Supplier<Connection> connection;
    private final Supplier<DSLContext> dsl;
    private final ProductSql sql;
    private final String sku;

    JooqStoredAllocations(Supplier<Connection> connection, Supplier<DSLContext> dsl, ProductSql sql, String sku) {
        this.connection = connection;
        this.dsl = dsl;
        this.sql = sql;
        this.sku = sku;
    }

    // Asked on every allocation: one of the statements rendered once.
    @Override
    public Optional<Placed> lineOfOrder(String orderid) {
        List<Placed> found = new ArrayList<>();
        new Reads()
                .add(sql.lineOfOrder(),
                        row -> found.add(new Placed(row.getString(2), new OrderLine(orderid, sku, row.getInt(1)))),
                        orderid, sku)
                .execute(connection.get(), sql.inOneRoundTrip());
        return found.stream().findFirst();
    }

    @Override
    public List<OrderLine> newestLines(String batchReference, int skip, int quantity) {
        List<OrderLine> newestFirst = new ArrayList<>();
        int sum = 0;
        // A cursor, so that a batch of a million lines is read only as far as the quantity needs.
        try (Cursor<Record2<String, Integer>> rows = dsl.get().select(ALLOCATIONS.ORDERID, ALLOCATIONS.QTY)
                .from(ALLOCATIONS).where(ALLOCATIONS.BATCH_REF.eq(batchReference))
                .orderBy(ALLOCATIONS.ID.desc()).offset(skip).fetchSize(FETCH_SIZE).fetchLazy()) {
            while (sum < quantity && rows.hasNext()) {
                Record2<String, Integer> row = rows.fetchNext();
                newestFirst.add(new OrderLine(row.value1(), sku, row.value2()));
                sum += row.value2();
            }
        }
        return newestFirst;
    }
}
