-- The SPEC B2 invariants, as counts of violations (every count must be 0).
-- Prints one line: name=count pairs, then total=<sum>.
WITH counts AS (
    SELECT
        -- a batch holding more than it has
        (SELECT count(*) FROM (
            SELECT b.reference
            FROM batches b JOIN allocations a ON a.batch_ref = b.reference
            GROUP BY b.reference, b.purchased_quantity
            HAVING sum(a.qty) > b.purchased_quantity) x) AS over_allocated_batches,
        -- a batch whose allocated total is not the sum of its lines
        (SELECT count(*) FROM batches b
            WHERE b.allocated_quantity <> (SELECT COALESCE(sum(a.qty), 0) FROM allocations a
                                           WHERE a.batch_ref = b.reference)) AS mismatched_totals,
        -- an (orderid, sku) allocated twice
        (SELECT count(*) FROM (
            SELECT orderid, sku FROM allocations GROUP BY orderid, sku HAVING count(*) > 1) x) AS duplicate_lines,
        -- a batch reference used twice
        (SELECT count(*) FROM (
            SELECT reference FROM batches GROUP BY reference HAVING count(*) > 1) x) AS duplicate_batch_refs,
        -- orphans: an allocation without its batch (of the same sku), a batch without its product
        (SELECT count(*) FROM allocations a
            WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.reference = a.batch_ref AND b.sku = a.sku))
            AS orphan_allocations,
        (SELECT count(*) FROM batches b
            WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = b.sku)) AS orphan_batches
)
-- (Concatenated with ||, not format(): the same file checks the embedded H2 database too.)
SELECT 'over_allocated_batches=' || over_allocated_batches || ' mismatched_totals=' || mismatched_totals
       || ' duplicate_lines=' || duplicate_lines || ' duplicate_batch_refs=' || duplicate_batch_refs
       || ' orphan_allocations=' || orphan_allocations || ' orphan_batches=' || orphan_batches
       || ' total=' || (over_allocated_batches + mismatched_totals + duplicate_lines + duplicate_batch_refs
                        + orphan_allocations + orphan_batches)
FROM counts;
