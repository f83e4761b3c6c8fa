package com.made.allocation.service.handlers;

import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.service.Handler;
import com.made.allocation.service.InvalidBatchRef;
import com.made.allocation.service.UnitOfWork;

/**
 * Sets a batch's purchased quantity. Lines that no longer fit are deallocated in this unit of work; each
 * becomes an {@code AllocationRequired} that the bus handles afterwards, each in its own unit of work.
 * Idempotent: setting the same quantity again deallocates nothing more.
 */
public final class ChangeBatchQuantity implements Handler<BatchQuantityChanged> {

    @Override
    public Object handle(BatchQuantityChanged message, UnitOfWork uow) {
        Product product = uow.products().getByBatchRef(message.ref())
                .orElseThrow(() -> new InvalidBatchRef(message.ref()));
        product.changeBatchQuantity(message.ref(), message.qty());
        uow.commit();
        return null;
    }
}
