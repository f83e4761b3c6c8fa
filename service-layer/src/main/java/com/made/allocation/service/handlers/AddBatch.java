package com.made.allocation.service.handlers;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.BatchCreated;
import com.made.allocation.service.DuplicateBatchRef;
import com.made.allocation.service.Handler;
import com.made.allocation.service.UnitOfWork;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds a batch to its product, creating the product on its first batch. Idempotent: sending the same
 * batch again is a no-op, so a client (or a redelivery) may safely retry; a different batch with a taken
 * reference is refused.
 */
public final class AddBatch implements Handler<BatchCreated> {

    @Override
    public Object handle(BatchCreated message, UnitOfWork uow) {
        Optional<Batch> existing = uow.products().getByBatchRef(message.ref())
                .flatMap(product -> product.batch(message.ref()));
        if (existing.isPresent()) {
            if (isSame(existing.get(), message)) {
                return message.ref();
            }
            throw new DuplicateBatchRef(message.ref());
        }
        Product product = uow.products().get(message.sku()).orElseGet(() -> {
            Product created = new Product(message.sku(), List.of());
            uow.products().add(created);
            return created;
        });
        product.addBatch(new Batch(message.ref(), message.sku(), message.qty(), message.eta()));
        uow.commit();
        return message.ref();
    }

    private static boolean isSame(Batch batch, BatchCreated message) {
        return batch.sku().equals(message.sku())
                && batch.purchasedQuantity() == message.qty()
                && Objects.equals(batch.eta().orElse(null), message.eta());
    }
}
