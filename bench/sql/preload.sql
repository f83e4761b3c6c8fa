-- "Data grows": :rows allocations written straight into the database, spread evenly over the warehouse
-- batches of the skus BENCH-SKU-1 .. BENCH-SKU-:skus (qty 1 each; those batches hold 10,000,000).
-- The batches' allocated totals are brought in line with the new rows; product versions are left alone.
INSERT INTO allocations (orderid, sku, qty, batch_ref)
SELECT 'preload-' || i,
       'BENCH-SKU-' || (i % :skus + 1),
       1,
       'BENCH-SKU-' || (i % :skus + 1) || '-stock'
FROM generate_series(1, :rows) AS i;
UPDATE batches b SET allocated_quantity = (SELECT COALESCE(SUM(a.qty), 0) FROM allocations a WHERE a.batch_ref = b.reference);
-- Fresh planner statistics, as autovacuum would give them a little later.
ANALYZE;
