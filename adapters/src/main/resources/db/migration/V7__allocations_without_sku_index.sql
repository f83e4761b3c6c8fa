-- Nothing reads allocations by SKU alone: a line is found by (orderid, sku), a batch's lines by (batch_ref, id).
-- The index on (sku, id) only gave the planner a wrong choice: without statistics it scored it as good as the
-- unique key for the order-line lookup, and a prepared statement's generic plan kept it for the life of the
-- connection, so each allocation of a hot SKU read every line of that SKU (QueryPlansIT).
DROP INDEX allocations_sku_idx;
