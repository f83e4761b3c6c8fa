-- "Data grows": :rows allocations written straight into the database, spread evenly over the warehouse
-- batches of the skus BENCH-SKU-1 .. BENCH-SKU-:skus (qty 1 each; those batches hold 10,000,000).
-- Nothing else is touched: product versions and batches stay as the API left them.
INSERT INTO allocations (orderid, sku, qty, batch_ref)
SELECT 'preload-' || i,
       'BENCH-SKU-' || (i % :skus + 1),
       1,
       'BENCH-SKU-' || (i % :skus + 1) || '-stock'
FROM generate_series(1, :rows) AS i;
-- Fresh planner statistics, as autovacuum would give them a little later.
ANALYZE;
