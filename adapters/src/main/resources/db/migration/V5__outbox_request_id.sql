-- The request that caused a follow-on message, so that handling it later logs under the same request id.
ALTER TABLE outbox ADD COLUMN request_id VARCHAR(128);
