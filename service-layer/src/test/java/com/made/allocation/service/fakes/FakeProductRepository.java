package com.made.allocation.service.fakes;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.spi.AllocatedLines;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.unitofwork.ProductRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Products in a map shared by every unit of work of one {@link FakeUnitOfWorkFactory}, on production's path:
 * a unit of work works on copies of what it loaded or added, which reach the map only when it commits, behind
 * the same version check as the database's (a product changed by another unit of work since it was loaded
 * is a {@link ConcurrencyConflict}); what it did not commit is forgotten.
 */
public final class FakeProductRepository extends ProductRepository {

    private final Map<String, Product> store;
    // This unit of work's products, by SKU, with the version each had when loaded (none when added).
    private final Map<String, Product> working = new HashMap<>();
    private final Map<String, Integer> versionLoaded = new HashMap<>();

    public FakeProductRepository(Map<String, Product> store) {
        this.store = store;
    }

    @Override
    protected void doAdd(Product product) {
        working.put(product.sku(), product);
    }

    @Override
    protected Optional<Product> doGet(String sku) {
        Product known = working.get(sku);
        if (known != null) {
            return Optional.of(known);
        }
        synchronized (store) {
            return Optional.ofNullable(store.get(sku)).map(this::load);
        }
    }

    @Override
    protected Optional<Product> doGetByBatchRef(String reference) {
        Optional<Product> known = working.values().stream().filter(product -> product.batch(reference).isPresent())
                .findFirst();
        if (known.isPresent()) {
            return known;
        }
        synchronized (store) {
            return store.values().stream().filter(product -> product.batch(reference).isPresent()).findFirst()
                    .map(this::load);
        }
    }

    private Product load(Product stored) {
        Product copy = copyOf(stored);
        working.put(copy.sku(), copy);
        versionLoaded.put(copy.sku(), copy.versionNumber());
        return copy;
    }

    /** @throws ConcurrencyConflict when a product this unit of work changed was changed by someone else first */
    void checkVersions() {
        synchronized (store) {
            for (Product product : working.values()) {
                Integer loaded = versionLoaded.get(product.sku());
                Product stored = store.get(product.sku());
                boolean changedHere = loaded == null || product.versionNumber() != loaded;
                boolean changedElsewhere = loaded == null ? stored != null : stored.versionNumber() != loaded;
                if (changedHere && changedElsewhere) {
                    throw new ConcurrencyConflict("product " + product.sku() + " was changed by someone else");
                }
            }
        }
    }

    /** Stores the products this unit of work changed. */
    void store() {
        synchronized (store) {
            for (Product product : working.values()) {
                Integer loaded = versionLoaded.get(product.sku());
                if (loaded == null || product.versionNumber() != loaded) {
                    store.put(product.sku(), copyOf(product));
                    versionLoaded.put(product.sku(), product.versionNumber());
                }
            }
        }
    }

    /** A product as storage gives it back: its batches and lines, its version, none of its events. */
    private static Product copyOf(Product product) {
        List<Batch> batches = new ArrayList<>();
        for (Batch batch : product.batches()) {
            batches.add(Batch.restore(batch.reference(), batch.sku(), batch.purchasedQuantity(),
                    batch.eta().orElse(null), new StoredLines(batch.allocations())));
        }
        return new Product(product.sku(), batches, product.versionNumber());
    }

    /** A stored batch's lines, oldest first, as the fake keeps them. */
    private static final class StoredLines implements AllocatedLines {

        private final List<OrderLine> lines;

        StoredLines(List<OrderLine> lines) {
            this.lines = new ArrayList<>(lines);
        }

        @Override
        public int quantity() {
            return lines.stream().mapToInt(OrderLine::qty).sum();
        }

        @Override
        public Optional<OrderLine> ofOrder(String orderid) {
            return lines.stream().filter(line -> line.orderid().equals(orderid)).findFirst();
        }

        @Override
        public Optional<OrderLine> newest() {
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
        }

        @Override
        public List<OrderLine> all() {
            return List.copyOf(lines);
        }

        @Override
        public void add(OrderLine line) {
            lines.add(line);
        }

        @Override
        public void remove(OrderLine line) {
            lines.remove(line);
        }
    }
}
