package com.made.allocation.service.handlers;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.Product;
import com.made.allocation.service.commands.Commands.CreateBatch;
import com.made.allocation.service.failures.DuplicateBatchRef;
import com.made.allocation.service.unitofwork.UnitOfWork;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds a batch to its product, creating the product on its first batch. Idempotent: sending the same
 * batch again is a no-op, so a client (or a redelivery) may safely retry; a different batch with a taken
 * reference is refused.
 */
public final class AddBatch implements CommandHandler<CreateBatch, Void> {

    @Override
    public Void handle(CreateBatch command, UnitOfWork uow) {
        Optional<Batch> existing = uow.products().getByBatchRef(command.ref())
                .flatMap(product -> product.batch(command.ref()));
        if (existing.isPresent()) {
            if (isSame(existing.get(), command)) {
                return null;
            }
            throw new DuplicateBatchRef(command.ref());
        }
        Product product = uow.products().get(command.sku()).orElseGet(() -> {
            Product created = new Product(command.sku(), List.of());
            uow.products().add(created);
            return created;
        });
        product.addBatch(new Batch(command.ref(), command.sku(), command.qty(), command.eta()));
        uow.commit();
        return null;
    }

    private static boolean isSame(Batch batch, CreateBatch command) {
        return batch.sku().equals(command.sku())
                && batch.purchasedQuantity() == command.qty()
                && Objects.equals(batch.eta().orElse(null), command.eta());
    }
}
