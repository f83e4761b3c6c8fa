package com.made.allocation.service.fakes;

import com.made.allocation.domain.Product;
import com.made.allocation.service.ProductRepository;
import java.util.Map;
import java.util.Optional;

/** Products in a map shared by every unit of work of one {@link FakeUnitOfWorkFactory}. */
public final class FakeProductRepository extends ProductRepository {

    private final Map<String, Product> products;

    public FakeProductRepository(Map<String, Product> products) {
        this.products = products;
    }

    @Override
    protected void doAdd(Product product) {
        products.put(product.sku(), product);
    }

    @Override
    protected Optional<Product> doGet(String sku) {
        return Optional.ofNullable(products.get(sku));
    }

    @Override
    protected Optional<Product> doGetByBatchRef(String reference) {
        return products.values().stream().filter(product -> product.batch(reference).isPresent()).findFirst();
    }
}
