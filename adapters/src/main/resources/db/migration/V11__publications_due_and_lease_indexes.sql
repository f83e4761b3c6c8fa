-- The retry time and the lease get indexes of their own, not led by the status. Led by it, they gave the
-- planner a wrong choice for a change of one publication (its id and "status = 'PENDING'"): on a table
-- without statistics it scored "every pending row" as good as the key, and a prepared statement's generic
-- plan kept that for the life of the connection. With a backlog, the claim read every due row through the
-- retry time's index and sorted them, rather than walking (status, id) under its limit (QueryPlansIT).
-- Only pending rows have a lease (it is cleared when a row is settled), and only pending rows wait for a
-- retry time in the future, so the claim's "waiting" rows are still found through these two.
DROP INDEX publications_status_due_idx;
DROP INDEX publications_status_lease_idx;
CREATE INDEX publications_due_idx ON publications (next_attempt_at);
CREATE INDEX publications_lease_idx ON publications (leased_until);
