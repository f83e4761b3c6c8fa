package com.made.allocation.service.views;

import java.util.List;

/** The read side: where the lines of an order are allocated, read straight from storage. */
public interface AllocationsView {

    /** The allocations of order {@code orderid}, ordered by SKU; empty when it has none. */
    List<OrderAllocation> allocationsFor(String orderid);

    /** One allocated line of an order: which batch holds its SKU. */
    record OrderAllocation(String sku, String batchref) {
    }
}
