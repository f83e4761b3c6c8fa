-- The database floor: the SQL of one allocation as the service issues it (pessimistic mode), in one
-- transaction, with no JVM, HTTP or JSON in the way. Run by bench/run with -M prepared.
--
-- Variables given with -D: nskus (skus to pick from: 100, or 1 for the hot sku), tag (prefix that keeps
-- order ids unique across runs), n (0: a per-client counter; pgbench keeps a client's variables from one
-- transaction to the next). Order id = <tag>-<client_id>-<counter>, unique like the wrk driver's.
\set n :n + 1
\set s random(1, :nskus)
BEGIN;
SELECT version_number AS v FROM products WHERE sku = 'BENCH-SKU-' || :s FOR UPDATE \gset
SELECT id, reference, sku, purchased_quantity, allocated_quantity, eta FROM batches WHERE sku = 'BENCH-SKU-' || :s ORDER BY id;
SELECT qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n AND sku = 'BENCH-SKU-' || :s;
UPDATE products SET version_number = :v + 1 WHERE sku = 'BENCH-SKU-' || :s AND version_number = :v;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n, 'BENCH-SKU-' || :s, 1, 'BENCH-SKU-' || :s || '-stock');
END;
