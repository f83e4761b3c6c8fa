-- A publication can be leased as it is stored, to the instance that commits it, which publishes it straight
-- from memory. leased_by names the instance holding the lease (a claim sets it too; it means nothing once
-- leased_until is cleared). follows is the id of the latest pending publication of the same ordering key
-- when this one was stored: the one it must not overtake.
ALTER TABLE publications ADD COLUMN leased_by VARCHAR(64);
ALTER TABLE publications ADD COLUMN follows BIGINT;
-- The latest pending publication of a key, read by every insert: one index probe, however many wait.
CREATE INDEX publications_key_status_id_idx ON publications (ordering_key, status, id);
