package com.made.allocation.service.fakes;

import com.made.allocation.domain.Product;
import com.made.allocation.service.UnitOfWorkFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts {@link FakeUnitOfWork}s over one in-memory store, and keeps them for the test to inspect. */
public final class FakeUnitOfWorkFactory implements UnitOfWorkFactory {

    private final Map<String, Product> store = new LinkedHashMap<>();
    private final List<FakeUnitOfWork> started = new ArrayList<>();

    @Override
    public FakeUnitOfWork start() {
        FakeUnitOfWork uow = new FakeUnitOfWork(store);
        started.add(uow);
        return uow;
    }

    /** The stored product of this SKU, as a test sees it. */
    public Optional<Product> product(String sku) {
        return Optional.ofNullable(store.get(sku));
    }

    /** Every unit of work started so far, oldest first. */
    public List<FakeUnitOfWork> started() {
        return List.copyOf(started);
    }

    /** True when the most recent unit of work committed. */
    public boolean lastCommitted() {
        return !started.isEmpty() && started.get(started.size() - 1).committed();
    }
}
