package com.made.allocation.service.handlers;

import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.AllocationRequired;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.failures.InvalidSku;
import com.made.allocation.service.unitofwork.UnitOfWork;
import java.util.Optional;

/**
 * Allocates an order line to a batch of its product: a line a customer ordered (the command, answered with
 * the batch reference, empty when out of stock), or a line that left a shrinking batch (the event).
 * Idempotent: the same line again keeps the batch it has and changes nothing. Out of stock, the product
 * records {@code OutOfStock}, which the bus handles next.
 */
public final class Allocate implements CommandHandler<Commands.Allocate, Optional<String>>,
        EventHandler<AllocationRequired> {

    @Override
    public Optional<String> handle(Commands.Allocate command, UnitOfWork uow) {
        return allocate(new OrderLine(command.orderid(), command.sku(), command.qty()), uow);
    }

    @Override
    public void handle(AllocationRequired event, UnitOfWork uow) {
        allocate(new OrderLine(event.orderid(), event.sku(), event.qty()), uow);
    }

    private static Optional<String> allocate(OrderLine line, UnitOfWork uow) {
        Product product = uow.products().get(line.sku()).orElseThrow(() -> new InvalidSku(line.sku()));
        Optional<String> batchref = product.allocate(line);
        uow.commit();
        return batchref;
    }
}
