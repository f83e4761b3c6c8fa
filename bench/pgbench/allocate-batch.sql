-- The batched floor: the SQL of 8 allocations in one transaction, as a group commit would send it (the
-- statements of bench/pgbench/allocate.sql for 8 skus, each round trip carrying all 8): the products locked
-- in ascending order (8 consecutive skus, so every client locks in the same order and none deadlocks) with
-- the 8 order lines looked up, then the writes and one commit. Run by bench/run (floor-batch) with -M prepared;
-- its allocations per second are 8 times its TPS.
--
-- Variables given with -D: nskus (skus to pick from, at least 8), tag, n: as in allocate.sql.
\set n :n + 1
\set s random(1, :nskus - 7)
\set s0 :s + 0
\set s1 :s + 1
\set s2 :s + 2
\set s3 :s + 3
\set s4 :s + 4
\set s5 :s + 5
\set s6 :s + 6
\set s7 :s + 7
-- 1: the 8 product rows locked in ascending order, with their batches, then the orders' lines, if they were
-- allocated before
\startpipeline
BEGIN;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s0 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s0 ORDER BY id;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s1 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s1 ORDER BY id;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s2 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s2 ORDER BY id;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s3 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s3 ORDER BY id;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s4 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s4 ORDER BY id;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s5 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s5 ORDER BY id;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s6 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s6 ORDER BY id;
SELECT version_number FROM products WHERE sku = 'BENCH-SKU-' || :s7 FOR UPDATE;
SELECT reference, purchased_quantity, eta, allocated_quantity FROM batches WHERE sku = 'BENCH-SKU-' || :s7 ORDER BY id;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-0' AND sku = 'BENCH-SKU-' || :s0;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-1' AND sku = 'BENCH-SKU-' || :s1;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-2' AND sku = 'BENCH-SKU-' || :s2;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-3' AND sku = 'BENCH-SKU-' || :s3;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-4' AND sku = 'BENCH-SKU-' || :s4;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-5' AND sku = 'BENCH-SKU-' || :s5;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-6' AND sku = 'BENCH-SKU-' || :s6;
SELECT id, qty, batch_ref FROM allocations WHERE orderid = :tag || '-' || :client_id || '-' || :n || '-7' AND sku = 'BENCH-SKU-' || :s7;
\endpipeline
-- 2: the writes and the commit
\startpipeline
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s0;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s0 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-0', 'BENCH-SKU-' || :s0, 1, 'BENCH-SKU-' || :s0 || '-stock');
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s1;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s1 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-1', 'BENCH-SKU-' || :s1, 1, 'BENCH-SKU-' || :s1 || '-stock');
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s2;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s2 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-2', 'BENCH-SKU-' || :s2, 1, 'BENCH-SKU-' || :s2 || '-stock');
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s3;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s3 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-3', 'BENCH-SKU-' || :s3, 1, 'BENCH-SKU-' || :s3 || '-stock');
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s4;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s4 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-4', 'BENCH-SKU-' || :s4, 1, 'BENCH-SKU-' || :s4 || '-stock');
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s5;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s5 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-5', 'BENCH-SKU-' || :s5, 1, 'BENCH-SKU-' || :s5 || '-stock');
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s6;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s6 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-6', 'BENCH-SKU-' || :s6, 1, 'BENCH-SKU-' || :s6 || '-stock');
UPDATE products SET version_number = version_number + 1 WHERE sku = 'BENCH-SKU-' || :s7;
UPDATE batches SET purchased_quantity = purchased_quantity, allocated_quantity = allocated_quantity + 1
    WHERE reference = 'BENCH-SKU-' || :s7 || '-stock';
INSERT INTO allocations (orderid, sku, qty, batch_ref)
    VALUES (:tag || '-' || :client_id || '-' || :n || '-7', 'BENCH-SKU-' || :s7, 1, 'BENCH-SKU-' || :s7 || '-stock');
END;
\endpipeline
