-- Each batch keeps the sum of its allocated quantities, so that loading a product reads its batches and not
-- every line ever allocated, and so that the database itself refuses an over-allocated batch.
ALTER TABLE batches ADD COLUMN allocated_quantity INTEGER NOT NULL DEFAULT 0;

UPDATE batches SET allocated_quantity =
    (SELECT COALESCE(SUM(a.qty), 0) FROM allocations a WHERE a.batch_ref = batches.reference);

ALTER TABLE batches ADD CONSTRAINT batches_allocated_within_purchased
    CHECK (allocated_quantity >= 0 AND allocated_quantity <= purchased_quantity);
