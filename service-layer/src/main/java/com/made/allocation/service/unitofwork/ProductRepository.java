package com.made.allocation.service.unitofwork;

import com.made.allocation.domain.Product;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The port through which handlers load and add {@link Product} aggregates. Every product it hands out or
 * is given joins {@link #seen()}, so the unit of work can collect the events those products record.
 *
 * <p>Implementations provide the storage in the {@code do*} methods; the tracking is done here, once.
 */
public abstract class ProductRepository {

    private final Set<Product> seen = new LinkedHashSet<>();

    /** Adds a new product; it is stored when the unit of work commits. */
    public final void add(Product product) {
        doAdd(product);
        seen.add(product);
    }

    /** The product of this SKU, if there is one. */
    public final Optional<Product> get(String sku) {
        return track(doGet(sku));
    }

    /**
     * The products of these SKUs that exist, in the order asked: a group of commands loads (and with
     * pessimistic locking locks) its products in one go, in ascending SKU order.
     *
     * @param ordersLookedUp by SKU, the orders whose stored lines the group's commands will look up, so that
     *                       storage can read them in the same go (a hint: they are looked up when asked anyway)
     */
    public final List<Product> getAll(List<String> skus, Map<String, Set<String>> ordersLookedUp) {
        List<Product> products = doGetAll(skus, ordersLookedUp);
        seen.addAll(products);
        return products;
    }

    /** The product that holds the batch with this reference, if there is one. */
    public final Optional<Product> getByBatchRef(String reference) {
        return track(doGetByBatchRef(reference));
    }

    /** The products added or found through this repository, in that order. */
    public final Set<Product> seen() {
        return Collections.unmodifiableSet(seen);
    }

    protected abstract void doAdd(Product product);

    protected abstract Optional<Product> doGet(String sku);

    protected abstract Optional<Product> doGetByBatchRef(String reference);

    /** One by one, the lines when they are asked for, unless the storage can do better. */
    protected List<Product> doGetAll(List<String> skus, Map<String, Set<String>> ordersLookedUp) {
        return skus.stream().map(this::doGet).flatMap(Optional::stream).toList();
    }

    private Optional<Product> track(Optional<Product> product) {
        product.ifPresent(seen::add);
        return product;
    }
}
