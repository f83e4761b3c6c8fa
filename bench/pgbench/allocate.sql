-- The database floor: the SQL of one allocation as the service sends it (pessimistic locking, PostgreSQL), in
-- one transaction and in the same two round trips, with no JVM, HTTP or JSON in the way. Run by bench/run
-- with -M prepared. (pgbench cannot read a value inside a pipeline, so the version is bumped in place
-- where the service writes the number it read; the row work is the same.)
--
-- Variables given with -D: nskus (skus to pick from: 100, or 1 for the hot sku), tag (prefix that keeps
-- order ids unique across runs), n (0: a per-client counter; pgbench keeps a client's variables from one
-- transaction to the next). Order id = <tag>-<client_id>-<counter>, unique like the wrk driver's.
\set n :n + 1
\set s random(1, :nskus)
-- 1: the product row locked, with its batches and the order's line, if it was allocated before
\startpipeline
BEGIN;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s ORDER BY id;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n AND sku = 'BENCH-SKU-' || :s;
\endpipeline
-- 2: the writes and the commit
\startpipeline
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n, 'BENCH-SKU-' || :s, 1, 'BENCH-SKU-' || :s || '-stock');
END;
\endpipeline
