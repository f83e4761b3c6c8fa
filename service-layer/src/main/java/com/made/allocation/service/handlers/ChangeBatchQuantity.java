package com.made.allocation.service.handlers;

import com.made.allocation.domain.Product;
import com.made.allocation.service.commands.Commands;
import com.made.allocation.service.failures.InvalidBatchRef;
import com.made.allocation.service.unitofwork.UnitOfWork;

/**
 * Sets a batch's purchased quantity. Lines that no longer fit are deallocated in this unit of work; each
 * becomes an {@code AllocationRequired} that the bus handles afterwards, each in its own unit of work.
 * Idempotent: setting the same quantity again deallocates nothing more.
 */
public final class ChangeBatchQuantity implements CommandHandler<Commands.ChangeBatchQuantity, Void> {

    @Override
    public Void handle(Commands.ChangeBatchQuantity command, UnitOfWork uow) {
        Product product = uow.products().getByBatchRef(command.ref())
                .orElseThrow(() -> new InvalidBatchRef(command.ref()));
        product.changeBatchQuantity(command.ref(), command.qty());
        uow.commit();
        return null;
    }
}
