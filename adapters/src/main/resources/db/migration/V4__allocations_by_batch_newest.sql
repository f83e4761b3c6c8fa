-- A shrinking batch reads its newest lines first, page by page (batch_ref = ? AND id < ? ORDER BY id DESC):
-- with id in the index, a batch of a million lines is read only as far as the pages go, without a sort.
DROP INDEX allocations_batch_ref_idx;
CREATE INDEX allocations_batch_ref_id_idx ON allocations (batch_ref, id);
