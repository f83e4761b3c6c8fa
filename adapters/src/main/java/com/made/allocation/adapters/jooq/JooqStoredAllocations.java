package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;

import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.StoredAllocations;
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

    private final Supplier<DSLContext> dsl;
    private final String sku;

    JooqStoredAllocations(Supplier<DSLContext> dsl, String sku) {
        this.dsl = dsl;
        this.sku = sku;
    }

    @Override
    public Optional<Placed> lineOfOrder(String orderid) {
        return dsl.get().select(ALLOCATIONS.QTY, ALLOCATIONS.BATCH_REF).from(ALLOCATIONS)
                .where(ALLOCATIONS.ORDERID.eq(orderid).and(ALLOCATIONS.SKU.eq(sku)))
                .fetchOptional(row -> new Placed(row.value2(), new OrderLine(orderid, sku, row.value1())));
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
