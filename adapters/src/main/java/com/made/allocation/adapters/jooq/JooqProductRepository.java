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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Products in the database. Loading reads the product row and its batches with their allocated totals: two
 * queries, however many lines are allocated; each batch's lines are a {@link JooqAllocatedLines}, which
 * reads the few lines the product asks for. Saving writes only what changed, behind a version check on the
 * product row. The statements of this path are rendered once ({@link ProductSql}); the rarer ones are built
 * with jOOQ.
 */
final class JooqProductRepository extends ProductRepository {

    /** A product of this unit of work: its state when last stored, and the lines of its stored batches. */
    private static final class Tracked {
        private ProductSnapshot stored;
        private final StoredLines storedLines;
        private final Map<String, JooqAllocatedLines> batchLines;

        Tracked(ProductSnapshot stored, StoredLines storedLines, Map<String, JooqAllocatedLines> batchLines) {
            this.stored = stored;
            this.storedLines = storedLines;
            this.batchLines = batchLines;
        }
    }

    private final Supplier<Connection> connection;
    private final Supplier<DSLContext> dsl;
    private final ProductSql sql;
    private final Locking locking;
    // One instance per SKU within a unit of work.
    private final Map<String, Product> bySku = new HashMap<>();
    private final Map<Product, Tracked> tracked = new IdentityHashMap<>();
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
        tracked.put(product, new Tracked(ProductSnapshot.NOTHING, null, Map.of()));
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
        StoredLines storedLines = new StoredLines(connection, dsl, sql, sku);
        Map<String, JooqAllocatedLines> batchLines = new HashMap<>();
        // Batches with their allocated totals, not their lines: the lines read the few the product needs.
        // A statement of its own, after the lock (in the same round trip): joined to the locking query,
        // PostgreSQL would re-read only the locked product row after waiting, and hand back batch totals
        // from before the wait.
        new Reads()
                .add(locking == Locking.PESSIMISTIC ? sql.versionForUpdate() : sql.version(),
                        row -> version.add(row.getInt(1)), sku)
                .add(sql.batches(), row -> {
                    String reference = row.getString(1);
                    JooqAllocatedLines lines = new JooqAllocatedLines(reference, row.getInt(4), storedLines);
                    batchLines.put(reference, lines);
                    batches.add(Batch.restore(reference, sku, row.getInt(2), row.getObject(3, LocalDate.class), lines));
                }, sku)
                .execute(connection.get(), sql.inOneRoundTrip());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Product product = new Product(sku, batches, version.get(0));
        bySku.put(sku, product);
        tracked.put(product, new Tracked(ProductSnapshot.of(product, batchLines), storedLines, batchLines));
        return Optional.of(product);
    }

    /**
     * Writes the changes of this unit of work. The caller commits the transaction, unless this returns true:
     * when these are its last writes ({@code last}) and every product row is locked, the commit goes in
     * the same round trip as the writes. Only then: with optimistic locking the version checks are read from
     * the update counts after the writes, when it would be too late to roll back.
     */
    boolean save(boolean last) {
        boolean changed = tracked.entrySet().stream()
                .anyMatch(entry -> entry.getKey().versionNumber() != entry.getValue().stored.versionNumber());
        if (!changed && added.isEmpty()) {
            return false; // every change bumps the version: no new version, nothing to write
        }
        Writes writes = new Writes();
        Map<Integer, Product> versionChecks = new HashMap<>();
        for (Product product : added) {
            writes.add(sql.insertProduct(), product.sku(), product.versionNumber());
        }
        for (Map.Entry<Product, Tracked> entry : tracked.entrySet()) {
            Product product = entry.getKey();
            ProductSnapshot before = entry.getValue().stored;
            if (added.contains(product)) {
                writeChanges(product, entry.getValue(), writes);
            } else if (product.versionNumber() != before.versionNumber()) {
                // Zero rows means someone else changed the product since we read it: we lost the race.
                versionChecks.put(writes.add(sql.bumpVersion(), product.versionNumber(), product.sku(),
                        before.versionNumber()), product);
                writeChanges(product, entry.getValue(), writes);
            }
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
                        + tracked.get(product).stored.versionNumber());
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
        added.clear();
        tracked.forEach((product, state) -> {
            state.batchLines.values().forEach(JooqAllocatedLines::committed);
            if (state.storedLines != null) {
                state.storedLines.committed();
            }
            state.stored = ProductSnapshot.of(product, state.batchLines);
        });
    }

    private void writeChanges(Product product, Tracked state, Writes writes) {
        Writes inserts = new Writes();
        for (Batch batch : product.batches()) {
            ProductSnapshot.BatchState before = state.stored.before(batch);
            if (before == null) {
                writes.add(sql.insertBatch(), batch.reference(), batch.sku(), batch.purchasedQuantity(),
                        batch.allocatedQuantity(), batch.eta().orElse(null));
            } else if (before.purchased() != batch.purchasedQuantity()
                    || before.allocated() != batch.allocatedQuantity()) {
                writes.add(sql.updateBatch(), batch.purchasedQuantity(), batch.allocatedQuantity(),
                        batch.reference());
            }
            JooqAllocatedLines stored = state.batchLines.get(batch.reference());
            // A batch built in memory: compare its few lines with those it had when last stored.
            Collection<OrderLine> removed = stored != null ? stored.removed() : without(
                    before == null ? List.of() : before.linesInMemory(), batch.allocations());
            Collection<OrderLine> added = stored != null ? stored.added() : without(
                    batch.allocations(), before == null ? List.of() : before.linesInMemory());
            for (OrderLine line : removed) {
                writes.add(sql.deleteLine(), line.orderid(), line.sku(), batch.reference());
            }
            for (OrderLine line : added) {
                inserts.add(sql.insertLine(), line.orderid(), line.sku(), line.qty(), batch.reference());
            }
        }
        // Deletes first: a line may leave one batch and join another in the same unit of work.
        writes.addAll(inserts);
    }

    private static List<OrderLine> without(List<OrderLine> lines, List<OrderLine> others) {
        Set<OrderLine> excluded = new HashSet<>(others);
        return lines.stream().filter(line -> !excluded.contains(line)).toList();
    }
}
