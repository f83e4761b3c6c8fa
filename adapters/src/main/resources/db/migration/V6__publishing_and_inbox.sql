-- Events published to other services wait in the outbox (handler 'publish') in the order of their key,
-- the SKU: the relay publishes a key's events in id order. Pending entries are claimed in id order, which
-- (status, id) serves however many done entries the table keeps.
ALTER TABLE outbox ADD COLUMN ordering_key VARCHAR(255);
CREATE INDEX outbox_status_id_idx ON outbox (status, id);

-- The ids of the messages received from the broker, recorded in the transaction that handled each, so
-- that a message delivered again is acknowledged without being handled again.
CREATE TABLE inbox (
    message_id  VARCHAR(255)             PRIMARY KEY,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX inbox_received_at_idx ON inbox (received_at);
