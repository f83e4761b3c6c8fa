-- A publication the broker confirmed is now deleted, not kept as DONE until the purge: the table holds what
-- waits to be published and what was refused for good, and every statement on it reads a few rows. With
-- published rows kept, a claim under a backlog could walk the key from the oldest published row (PostgreSQL
-- takes pending ids for spread over the table), and one read per claim grew with everything published.
DELETE FROM publications WHERE status = 'DONE';
-- Two indexes: the key, and (status, id), which every statement can use. Those led by the status on the
-- retry time and on the lease gave the planner wrong choices: for a change of one publication (its id and
-- "status = 'PENDING'"), a planner without statistics scored "every pending row" as good as the key, and a
-- prepared statement's generic plan kept it for the life of the connection (QueryPlansIT). They also cost
-- every change of a publication an entry in each.
DROP INDEX publications_status_due_idx;
DROP INDEX publications_status_lease_idx;
