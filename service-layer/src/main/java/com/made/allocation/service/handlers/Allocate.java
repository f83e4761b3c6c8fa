package com.made.allocation.service.handlers;

import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.service.Handler;
import com.made.allocation.service.InvalidSku;
import com.made.allocation.service.UnitOfWork;
import java.util.Optional;

/**
 * Allocates an order line to a batch of its product. Idempotent: the same line again returns the batch it
 * already has and changes nothing.
 *
 * <p>Result: an {@code Optional<String>} with the batch reference, empty when out of stock (the product
 * then records {@code OutOfStock}, which the bus handles next).
 */
public final class Allocate implements Handler<AllocationRequired> {

    @Override
    public Optional<String> handle(AllocationRequired message, UnitOfWork uow) {
        OrderLine line = new OrderLine(message.orderid(), message.sku(), message.qty());
        Product product = uow.products().get(line.sku()).orElseThrow(() -> new InvalidSku(line.sku()));
        Optional<String> batchref = product.allocate(line);
        uow.commit();
        return batchref;
    }
}
