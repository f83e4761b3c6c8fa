package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;

import com.made.allocation.service.AllocationsView;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** Reads an order's allocations straight from the allocations table, bypassing the aggregate. */
public final class JooqAllocationsView implements AllocationsView {

    private final Database database;

    public JooqAllocationsView(Database database) {
        this.database = database;
    }

    @Override
    public List<OrderAllocation> allocationsFor(String orderid) {
        try {
            return DSL.using(database.dataSource(), database.dialect())
                    .select(ALLOCATIONS.SKU, ALLOCATIONS.BATCH_REF)
                    .from(ALLOCATIONS)
                    .where(ALLOCATIONS.ORDERID.eq(orderid))
                    .orderBy(ALLOCATIONS.SKU)
                    .fetch(row -> new OrderAllocation(row.value1(), row.value2()));
        } catch (DataAccessException error) {
            throw SqlErrors.translate(error, "reading the allocations of an order");
        }
    }
}
