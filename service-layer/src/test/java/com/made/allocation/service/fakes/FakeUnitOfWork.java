package com.made.allocation.service.fakes;

import com.made.allocation.domain.Product;
import com.made.allocation.service.ProductRepository;
import com.made.allocation.service.UnitOfWork;
import java.util.Map;

/** A unit of work over a map; it remembers whether it committed. Rollback is not simulated. */
public final class FakeUnitOfWork implements UnitOfWork {

    private final FakeProductRepository products;
    private boolean committed;
    private boolean closed;

    public FakeUnitOfWork(Map<String, Product> store) {
        this.products = new FakeProductRepository(store);
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public void commit() {
        committed = true;
    }

    @Override
    public void rollback() {
        // nothing to undo: the fake keeps no transaction
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean committed() {
        return committed;
    }

    public boolean closed() {
        return closed;
    }
}
