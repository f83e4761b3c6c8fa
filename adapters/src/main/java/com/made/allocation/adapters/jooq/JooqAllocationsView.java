package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.service.views.AllocationsView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jooq.Param;

/** Reads an order's allocations straight from the allocations table, bypassing the aggregate. */
public final class JooqAllocationsView implements AllocationsView {

    private static final Param<String> ORDERID = param("orderid", String.class);

    private final Database database;
    private final CompletableFuture<PreparedSql> allocationsOfOrder;

    public JooqAllocationsView(Database database) {
        this.database = database;
        this.allocationsOfOrder = PreparedSql.inBackground(() -> PreparedSql.render(database.dialect(),
                select(ALLOCATIONS.SKU, ALLOCATIONS.BATCH_REF).from(ALLOCATIONS).where(ALLOCATIONS.ORDERID.eq(ORDERID))
                        .orderBy(ALLOCATIONS.SKU)));
    }

    @Override
    public List<OrderAllocation> allocationsFor(String orderid) {
        return database.inTransaction("reading the allocations of an order", connection -> {
            List<OrderAllocation> allocations = new ArrayList<>();
            new RoundTrip().query(allocationsOfOrder.join().with(ORDERID, orderid), row -> allocations.add(
                    new OrderAllocation(row.get(ALLOCATIONS.SKU), row.get(ALLOCATIONS.BATCH_REF))))
                    .run(connection, false);
            return allocations;
        });
    }
}
