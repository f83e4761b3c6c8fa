/**
 * The allocation model: stock arrives in {@link com.made.allocation.domain.Batch batches}, customers order
 * {@link com.made.allocation.domain.OrderLine order lines}, and a {@link com.made.allocation.domain.Product}
 * (the aggregate root, one per SKU) decides which batch each line is allocated to.
 *
 * <p>Plain Java with no dependencies, so it can be reused outside the allocation service. The model does
 * not talk to the outside world; it records {@link com.made.allocation.domain.events.Event events} that the
 * caller collects with {@link com.made.allocation.domain.Product#pullEvents()}.
 */
package com.made.allocation.domain;
