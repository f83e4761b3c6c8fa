package com.made.allocation.adapters.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.DSLContext;

/**
 * The invariants of the data (no batch over-allocated, totals that match their lines, one line per order
 * and SKU, unique batch references, no orphans), checked with SQL after a test has done its worst.
 */
public final class Invariants {

    private Invariants() {
    }

    /** Asserts that no batch is over-allocated, no line is allocated twice, and no row is an orphan. */
    public static void assertHold(DSLContext sql) {
        assertThat(sql.fetch("""
                SELECT b.reference FROM batches b LEFT JOIN allocations a ON a.batch_ref = b.reference
                GROUP BY b.reference, b.purchased_quantity HAVING COALESCE(SUM(a.qty), 0) > b.purchased_quantity
                """)).as("over-allocated batches").isEmpty();
        assertThat(sql.fetch("SELECT orderid, sku FROM allocations GROUP BY orderid, sku HAVING COUNT(*) > 1"))
                .as("lines allocated twice").isEmpty();
        assertThat(sql.fetch("SELECT reference FROM batches GROUP BY reference HAVING COUNT(*) > 1"))
                .as("batch references used twice").isEmpty();
        assertThat(sql.fetch("""
                SELECT a.id FROM allocations a LEFT JOIN batches b ON b.reference = a.batch_ref AND b.sku = a.sku
                WHERE b.reference IS NULL"""))
                .as("allocations without their batch").isEmpty();
        assertThat(sql.fetch("""
                SELECT b.reference FROM batches b LEFT JOIN allocations a ON a.batch_ref = b.reference
                GROUP BY b.reference, b.allocated_quantity HAVING COALESCE(SUM(a.qty), 0) <> b.allocated_quantity
                """)).as("batches whose allocated total is not the sum of their lines").isEmpty();
        assertThat(sql.fetch("""
                SELECT b.reference FROM batches b LEFT JOIN products p ON p.sku = b.sku WHERE p.sku IS NULL"""))
                .as("batches without their product").isEmpty();
    }
}
