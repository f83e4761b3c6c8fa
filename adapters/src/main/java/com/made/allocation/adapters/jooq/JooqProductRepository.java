package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;
import static com.made.allocation.adapters.jooq.schema.Tables.PRODUCTS;

import com.made.allocation.adapters.jooq.schema.tables.records.BatchesRecord;
import com.made.allocation.domain.Batch;
import com.made.allocation.domain.OrderLine;
import com.made.allocation.domain.Product;
import com.made.allocation.service.ConcurrencyConflict;
import com.made.allocation.service.ProductRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record4;

/**
 * Products in the database, loaded whole in three queries (product, batches, allocations) whatever their
 * size, and saved by writing only what changed, behind a version check on the product row.
 */
final class JooqProductRepository extends ProductRepository {

    private final Supplier<DSLContext> dsl;
    private final Locking locking;
    // One instance per SKU within a unit of work, and the state each had when loaded.
    private final Map<String, Product> bySku = new HashMap<>();
    private final Map<Product, ProductSnapshot> loaded = new IdentityHashMap<>();
    private final List<Product> added = new ArrayList<>();

    JooqProductRepository(Supplier<DSLContext> dsl, Locking locking) {
        this.dsl = dsl;
        this.locking = locking;
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
        DSLContext db = dsl.get();
        var productQuery = db.select(PRODUCTS.VERSION_NUMBER).from(PRODUCTS).where(PRODUCTS.SKU.eq(sku));
        Optional<Integer> version = (locking == Locking.PESSIMISTIC ? productQuery.forUpdate() : productQuery)
                .fetchOptional(PRODUCTS.VERSION_NUMBER);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<OrderLine>> linesByBatch = new HashMap<>();
        for (Record4<String, String, Integer, String> row : db
                .select(ALLOCATIONS.ORDERID, ALLOCATIONS.SKU, ALLOCATIONS.QTY, ALLOCATIONS.BATCH_REF)
                .from(ALLOCATIONS).where(ALLOCATIONS.SKU.eq(sku)).orderBy(ALLOCATIONS.ID)) {
            linesByBatch.computeIfAbsent(row.value4(), ref -> new ArrayList<>())
                    .add(new OrderLine(row.value1(), row.value2(), row.value3()));
        }
        Map<String, Batch> batches = new LinkedHashMap<>();
        for (BatchesRecord row : db.selectFrom(BATCHES).where(BATCHES.SKU.eq(sku)).orderBy(BATCHES.ID)) {
            batches.put(row.getReference(), Batch.restore(row.getReference(), row.getSku(),
                    row.getPurchasedQuantity(), row.getEta(),
                    linesByBatch.getOrDefault(row.getReference(), List.of())));
        }
        Product product = new Product(sku, batches.values(), version.get());
        bySku.put(sku, product);
        loaded.put(product, ProductSnapshot.of(product));
        return Optional.of(product);
    }

    /** Writes the changes of this unit of work; the caller commits the transaction. */
    void save() {
        boolean changed = !added.isEmpty() || loaded.entrySet().stream()
                .anyMatch(entry -> entry.getKey().versionNumber() != entry.getValue().versionNumber());
        if (!changed) {
            return; // every change bumps the version: no new version, nothing to write
        }
        DSLContext db = dsl.get();
        List<Query> writes = new ArrayList<>();
        for (Product product : added) {
            db.insertInto(PRODUCTS, PRODUCTS.SKU, PRODUCTS.VERSION_NUMBER)
                    .values(product.sku(), product.versionNumber()).execute();
            ProductSnapshot nothing = new ProductSnapshot(0, Map.of(), Map.of());
            writeChanges(db, product, nothing, writes);
        }
        for (Map.Entry<Product, ProductSnapshot> entry : loaded.entrySet()) {
            Product product = entry.getKey();
            ProductSnapshot before = entry.getValue();
            if (product.versionNumber() == before.versionNumber()) {
                continue;
            }
            // The row lock this takes orders concurrent writers; zero rows means we lost the race.
            int updated = db.update(PRODUCTS).set(PRODUCTS.VERSION_NUMBER, product.versionNumber())
                    .where(PRODUCTS.SKU.eq(product.sku()).and(PRODUCTS.VERSION_NUMBER.eq(before.versionNumber())))
                    .execute();
            if (updated == 0) {
                throw new ConcurrencyConflict("product " + product.sku() + " was changed since version "
                        + before.versionNumber());
            }
            writeChanges(db, product, before, writes);
        }
        if (writes.size() == 1) {
            writes.get(0).execute();
        } else if (!writes.isEmpty()) {
            db.batch(writes).execute();
        }
    }

    /** Records after a commit that the stored state is now the current one. */
    void committed() {
        added.forEach(product -> loaded.put(product, ProductSnapshot.of(product)));
        added.clear();
        loaded.replaceAll((product, before) -> ProductSnapshot.of(product));
    }

    private static void writeChanges(DSLContext db, Product product, ProductSnapshot before, List<Query> writes) {
        List<Query> inserts = new ArrayList<>();
        for (Batch batch : product.batches()) {
            if (!before.has(batch)) {
                writes.add(db.insertInto(BATCHES, BATCHES.REFERENCE, BATCHES.SKU, BATCHES.PURCHASED_QUANTITY,
                        BATCHES.ETA).values(batch.reference(), batch.sku(), batch.purchasedQuantity(),
                        batch.eta().orElse(null)));
            } else if (before.quantities().get(batch.reference()) != batch.purchasedQuantity()) {
                writes.add(db.update(BATCHES).set(BATCHES.PURCHASED_QUANTITY, batch.purchasedQuantity())
                        .where(BATCHES.REFERENCE.eq(batch.reference())));
            }
            Set<OrderLine> beforeLines = before.linesOf(batch);
            for (OrderLine line : beforeLines) {
                if (!batch.isAllocated(line)) {
                    writes.add(db.deleteFrom(ALLOCATIONS).where(ALLOCATIONS.ORDERID.eq(line.orderid())
                            .and(ALLOCATIONS.SKU.eq(line.sku())).and(ALLOCATIONS.BATCH_REF.eq(batch.reference()))));
                }
            }
            for (OrderLine line : batch.allocations()) {
                if (!beforeLines.contains(line)) {
                    inserts.add(db.insertInto(ALLOCATIONS, ALLOCATIONS.ORDERID, ALLOCATIONS.SKU, ALLOCATIONS.QTY,
                            ALLOCATIONS.BATCH_REF).values(line.orderid(), line.sku(), line.qty(), batch.reference()));
                }
            }
        }
        // Deletes first: a line may leave one batch and join another in the same unit of work.
        writes.addAll(inserts);
    }
}
