-- The events to publish moved to their own table (V8, V9): the outbox holds deliveries to handlers only.
ALTER TABLE outbox DROP COLUMN ordering_key;
