package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;

import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.ConcurrencyConflict;
import com.made.allocation.service.ProductRepository;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Products in the database. Loading reads the product row and its batches with their allocated totals: two
 * queries, however many lines are allocated; the product looks up the few lines it needs through
 * {@link JooqStoredAllocations}. Saving writes only what changed, behind a version check on the product row.
 * The statements of this path are rendered once ({@link ProductSql}); the rarer ones are built with jOOQ.
 */
final class JooqProductRepository extends ProductRepository {

    private final Supplier<Connection> connection;
    private final Supplier<DSLContext> dsl;
    private final ProductSql sql;
    private final Locking locking;
    // One instance per SKU within a unit of work, and the state each had when loaded.
    private final Map<String, Product> bySku = new HashMap<>();
    private final Map<Product, ProductSnapshot> loaded = new IdentityHashMap<>();
    private final List<Product> added = new ArrayList<>();
    private final ProductTurns turns;
    private boolean turnAsked;
    private Lock turn;

    JooqProductRepository(Supplier<Connection> connection, Supplier<DSLContext> dsl, ProductSql sql,
                          Locking locking, ProductTurns turns) {
        this.connection = connection;
        this.dsl = dsl;
        this.sql = sql;
        this.locking = locking;
        this.turns = turns;
    }

    @Override
    protected void doAdd(Product product) {
        if (bySku.putIfAbsent(product.sku(), product) != null) {
            throw new IllegalStateException("product " + product.sku() + " is already in this unit of work");
        }
        added.add(product);
    }

    @Override
    protected Optional<Product> doGet(String sku) {
        Product known = bySku.get(sku);
        return known != null ? Optional.of(known) : load(sku);
    }

    @Override
    protected Optional<Product> doGetByBatchRef(String reference) {
        return dsl.get().select(BATCHES.SKU).from(BATCHES).where(BATCHES.REFERENCE.eq(reference))
                .fetchOptional(BATCHES.SKU)
                .flatMap(this::doGet);
    }

    private Optional<Product> load(String sku) {
        // A turn for the first product only: waiting for another while holding a row lock could deadlock.
        if (locking == Locking.PESSIMISTIC && !turnAsked) {
            turnAsked = true;
            turn = turns.take(sku).orElse(null);
        }
        List<Integer> version = new ArrayList<>();
        List<Batch> batches = new ArrayList<>();
        // Batches with their allocated totals, not their lines: the product looks up the few it needs.
        // A statement of its own, after the lock (in the same round trip): joined to the locking query,
        // PostgreSQL would re-read only the locked product row after waiting, and hand back batch totals
        // from before the wait.
        new Reads()
                .add(locking == Locking.PESSIMISTIC ? sql.versionForUpdate() : sql.version(),
                        row -> version.add(row.getInt(1)), sku)
                .add(sql.batches(), row -> batches.add(Batch.restoreWithoutLines(row.getString(1), sku,
                        row.getInt(2), row.getObject(3, LocalDate.class), row.getInt(4))), sku)
                .execute(connection.get(), sql.inOneRoundTrip());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Product product = Product.restore(sku, batches, version.get(0),
                new JooqStoredAllocations(connection, dsl, sql, sku));
        bySku.put(sku, product);
        loaded.put(product, ProductSnapshot.of(product));
        return Optional.of(product);
    }

    /**
     * Writes the changes of this unit of work. The caller commits the transaction, unless this returns true:
     * when these are its last writes ({@code last}) and every product row is locked, the commit goes in
     * the same round trip as the writes. Only then: with optimistic locking the version checks are read from
     * the update counts after the writes, when it would be too late to roll back.
     */
    boolean save(boolean last) {
        boolean changed = !added.isEmpty() || loaded.entrySet().stream()
                .anyMatch(entry -> entry.getKey().versionNumber() != entry.getValue().versionNumber());
        if (!changed) {
            return false; // every change bumps the version: no new version, nothing to write
        }
        Writes writes = new Writes();
        Map<Integer, Product> versionChecks = new HashMap<>();
        for (Product product : added) {
            writes.add(sql.insertProduct(), product.sku(), product.versionNumber());
            writeChanges(product, ProductSnapshot.NOTHING, writes);
        }
        for (Map.Entry<Product, ProductSnapshot> entry : loaded.entrySet()) {
            Product product = entry.getKey();
            ProductSnapshot before = entry.getValue();
            if (product.versionNumber() == before.versionNumber()) {
                continue;
            }
            // Zero rows means someone else changed the product since we read it: we lost the race.
            versionChecks.put(writes.add(sql.bumpVersion(), product.versionNumber(), product.sku(),
                    before.versionNumber()), product);
            writeChanges(product, before, writes);
        }
        boolean commit = last && locking == Locking.PESSIMISTIC && sql.inOneRoundTrip();
        if (commit) {
            writes.add(sql.commit());
        }
        // One round trip for all the writes; the version checks are read from the update counts.
        int[] counts = writes.execute(connection.get(), sql.inOneRoundTrip());
        versionChecks.forEach((index, product) -> {
            if (counts[index] == 0) {
                throw new ConcurrencyConflict("product " + product.sku() + " was changed since version "
                        + loaded.get(product).versionNumber());
            }
        });
        return commit;
    }

    /** Ends the turn at a product's lock, if this unit of work had one: call when its transaction ended. */
    void releaseTurn() {
        if (turn != null) {
            turn.unlock();
            turn = null;
        }
    }

    /** Records after a commit that the stored state is now the current one. */
    void committed() {
        added.forEach(product -> loaded.put(product, ProductSnapshot.of(product)));
        added.clear();
        loaded.replaceAll((product, before) -> ProductSnapshot.of(product));
        loaded.keySet().forEach(Product::acceptChanges);
    }

    private void writeChanges(Product product, ProductSnapshot before, Writes writes) {
        Writes inserts = new Writes();
        for (Batch batch : product.batches()) {
            if (!before.has(batch)) {
                writes.add(sql.insertBatch(), batch.reference(), batch.sku(), batch.purchasedQuantity(),
                        batch.allocatedQuantity(), batch.eta().orElse(null));
            } else if (before.changed(batch)) {
                writes.add(sql.updateBatch(), batch.purchasedQuantity(), batch.allocatedQuantity(),
                        batch.reference());
            }
            for (OrderLine line : batch.deallocatedSinceAccepted()) {
                writes.add(sql.deleteLine(), line.orderid(), line.sku(), batch.reference());
            }
            // A new batch (of a new product, or one just added) holds only lines allocated in memory.
            for (OrderLine line : before.has(batch) ? batch.allocatedSinceAccepted() : batch.allocations()) {
                inserts.add(sql.insertLine(), line.orderid(), line.sku(), line.qty(), batch.reference());
            }
        }
        // Deletes first: a line may leave one batch and join another in the same unit of work.
        writes.addAll(inserts);
    }
}
