package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;
import static com.made.allocation.adapters.jooq.schema.Tables.PRODUCTS;

import com.made.allocation.adapters.jooq.sql.PreparedSql;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.domain.events.Allocated;
import com.made.allocation.domain.events.BatchQuantityChanged;
import com.made.allocation.domain.events.Deallocated;
import com.made.allocation.domain.events.Event;
import com.made.allocation.service.failures.ConcurrencyConflict;
import com.made.allocation.service.unitofwork.ProductRepository;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Products in the database. Loading reads the product row and its batches with their allocated totals: two
 * queries, however many lines are allocated; each batch holds its lines through the product's
 * {@link StoredLines}, which reads the few lines the product asks for. The changes are written by the unit
 * of work, which gets them from {@link #addWrites(List, RoundTrip)}: what the products' events say changed,
 * behind a version check on the product row.
 */
final class JooqProductRepository extends ProductRepository {

    /** A product of this unit of work: its version and batches when last stored, and its stored lines. */
    private static final class Tracked {
        private int storedVersion;
        private final Set<String> storedBatches;
        private final StoredLines storedLines;

        Tracked(int storedVersion, Set<String> storedBatches, StoredLines storedLines) {
            this.storedVersion = storedVersion;
            this.storedBatches = storedBatches;
            this.storedLines = storedLines;
        }
    }

    private final Supplier<Connection> connection;
    private final ProductStatements statements;
    private final Locking locking;
    private final Consumer<String> beforeLoading;
    private final Function<String, Optional<String>> skuOfBatch;
    // One instance per SKU within a unit of work.
    private final Map<String, Product> bySku = new HashMap<>();
    private final Map<Product, Tracked> tracked = new IdentityHashMap<>();
    private final List<Product> added = new ArrayList<>();

    /**
     * @param beforeLoading told the SKU of a product about to be loaded, before a connection is taken for it
     * @param skuOfBatch    the SKU of the product that holds a batch, if any
     */
    JooqProductRepository(Supplier<Connection> connection, ProductStatements statements, Locking locking,
                          Consumer<String> beforeLoading, Function<String, Optional<String>> skuOfBatch) {
        this.connection = connection;
        this.statements = statements;
        this.locking = locking;
        this.beforeLoading = beforeLoading;
        this.skuOfBatch = skuOfBatch;
    }

    @Override
    protected void doAdd(Product product) {
        if (bySku.putIfAbsent(product.sku(), product) != null) {
            throw new IllegalStateException("product " + product.sku() + " is already in this unit of work");
        }
        added.add(product);
        // Nothing of it is stored yet: its batches hold their lines in memory, and it has no stored lines.
        tracked.put(product, new Tracked(product.versionNumber(), new HashSet<>(),
                new StoredLines(connection, statements, product.sku())));
    }

    @Override
    protected Optional<Product> doGet(String sku) {
        Product known = bySku.get(sku);
        return known != null ? Optional.of(known) : load(List.of(sku), Map.of()).stream().findFirst();
    }

    @Override
    protected List<Product> doGetAll(List<String> skus, Map<String, Set<String>> ordersLookedUp) {
        List<String> unknown = skus.stream().filter(sku -> !bySku.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            load(unknown, ordersLookedUp);
        }
        return skus.stream().map(bySku::get).filter(Objects::nonNull).toList();
    }

    @Override
    protected Optional<Product> doGetByBatchRef(String reference) {
        return skuOfBatch.apply(reference).flatMap(this::doGet);
    }

    /** A product as it is read: its version (none when it does not exist) and its batches. */
    private static final class Loading {
        final List<Integer> version = new ArrayList<>(1);
        final List<Batch> batches = new ArrayList<>();
        final StoredLines storedLines;

        Loading(StoredLines storedLines) {
            this.storedLines = storedLines;
        }
    }

    /**
     * Loads the products of these SKUs, in their order, with the stored lines of {@code ordersLookedUp}
     * (by SKU), in one round trip; the first one's turn is taken first. Returns those that exist.
     */
    private List<Product> load(List<String> skus, Map<String, Set<String>> ordersLookedUp) {
        beforeLoading.accept(skus.get(0));
        Map<String, Loading> loading = new LinkedHashMap<>();
        RoundTrip reads = new RoundTrip();
        for (String sku : skus) {
            Loading read = new Loading(new StoredLines(connection, statements, sku));
            loading.put(sku, read);
            // Batches with their allocated totals, not their lines: the lines read the few the product
            // needs. A statement of its own, after the lock (in the same round trip): joined to the locking
            // query, PostgreSQL would re-read only the locked product row after waiting, and hand back batch
            // totals from before the wait.
            reads.query(statements.version(sku, locking == Locking.PESSIMISTIC),
                            row -> read.version.add(row.get(PRODUCTS.VERSION_NUMBER)))
                    .query(statements.batches(sku), row -> {
                        String reference = row.get(BATCHES.REFERENCE);
                        read.batches.add(Batch.restore(reference, sku, row.get(BATCHES.PURCHASED_QUANTITY),
                                row.get(BATCHES.ETA),
                                read.storedLines.ofBatch(reference, row.get(BATCHES.ALLOCATED_QUANTITY))));
                    });
            read.storedLines.lookUpWith(reads, ordersLookedUp.getOrDefault(sku, Set.of()));
        }
        reads.run(connection.get(), statements.inOneRoundTrip());
        List<Product> found = new ArrayList<>(skus.size());
        loading.forEach((sku, read) -> {
            if (!read.version.isEmpty()) {
                Product product = new Product(sku, read.batches, read.version.get(0));
                bySku.put(sku, product);
                Set<String> stored = new HashSet<>();
                read.batches.forEach(batch -> stored.add(batch.reference()));
                tracked.put(product, new Tracked(product.versionNumber(), stored, read.storedLines));
                found.add(product);
            }
        });
        return found;
    }

    /**
     * The writes that store the changes since the last commit, nothing yet run, from what the products
     * recorded: new products; then for each changed product its version check (when it changes no row, someone
     * else changed the product since it was read: a {@link ConcurrencyConflict}), its new batches, the totals
     * of the batches its events name, and a line inserted for each {@code Allocated} and deleted for each
     * {@code Deallocated}, in the order they happened; none when nothing changed.
     *
     * @param events what the products of this unit of work recorded since the last commit, oldest first
     * @param writes where the writes are added, after those already there
     */
    void addWrites(List<Event> events, RoundTrip writes) {
        for (Product product : added) {
            writes.write(statements.insertProduct(product.sku(), product.versionNumber()));
        }
        for (Map.Entry<Product, Tracked> entry : tracked.entrySet()) {
            Product product = entry.getKey();
            Tracked state = entry.getValue();
            if (added.contains(product)) {
                writeChanges(product, state, events, writes);
            } else if (product.versionNumber() != state.storedVersion) { // every change bumps the version
                int versionRead = state.storedVersion;
                writes.writeOneRow(statements.bumpVersion(product.sku(), versionRead, product.versionNumber()),
                        () -> new ConcurrencyConflict("product " + product.sku() + " was changed since version "
                                + versionRead));
                writeChanges(product, state, events, writes);
            }
        }
    }

    /** Records after a commit that the stored state is now the current one. */
    void committed() {
        added.clear();
        tracked.forEach((product, state) -> {
            state.storedLines.committed();
            state.storedVersion = product.versionNumber();
            product.batches().forEach(batch -> state.storedBatches.add(batch.reference()));
        });
    }

    /** The writes of one product's changes, from the events of this unit of work that are about it. */
    private void writeChanges(Product product, Tracked state, List<Event> events, RoundTrip writes) {
        String sku = product.sku();
        Set<String> changedBatches = new HashSet<>();
        List<PreparedSql.Bound> lines = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Allocated allocated && allocated.sku().equals(sku)) {
                lines.add(statements.insertLine(new OrderLine(allocated.orderid(), sku, allocated.qty()),
                        allocated.batchref()));
                changedBatches.add(allocated.batchref());
            } else if (event instanceof Deallocated deallocated && deallocated.sku().equals(sku)) {
                lines.add(statements.deleteLine(new OrderLine(deallocated.orderid(), sku, deallocated.qty())));
                changedBatches.add(deallocated.batchref());
            } else if (event instanceof BatchQuantityChanged changed && changed.sku().equals(sku)) {
                changedBatches.add(changed.ref());
            }
        }
        // Batches first: a new line must find its batch.
        for (Batch batch : product.batches()) {
            if (!state.storedBatches.contains(batch.reference())) {
                writes.write(statements.insertBatch(batch));
            } else if (changedBatches.contains(batch.reference())) {
                writes.write(statements.updateBatch(batch));
            }
        }
        lines.forEach(writes::write);
    }
}
