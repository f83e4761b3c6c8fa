package com.made.allocation.entrypoints;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.Product;
import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.views.AllocationsView;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The read side over the fake store: every product a unit of work has seen, looked up again in the store,
 * and the batches holding a line of the order.
 */
final class FakeAllocationsView implements AllocationsView {

    private final FakeUnitOfWorkFactory unitsOfWork;

    FakeAllocationsView(FakeUnitOfWorkFactory unitsOfWork) {
        this.unitsOfWork = unitsOfWork;
    }

    @Override
    public List<OrderAllocation> allocationsFor(String orderid) {
        return unitsOfWork.started().stream()
                .flatMap(uow -> uow.products().seen().stream())
                .map(Product::sku)
                .distinct()
                .map(unitsOfWork::product)
                .flatMap(Optional::stream)
                .flatMap(product -> product.batches().stream())
                .map(batch -> allocationOf(batch, orderid))
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(OrderAllocation::sku))
                .toList();
    }

    private static OrderAllocation allocationOf(Batch batch, String orderid) {
        return batch.allocationOf(orderid).map(line -> new OrderAllocation(line.sku(), batch.reference())).orElse(null);
    }
}
