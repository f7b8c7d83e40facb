-- Outbox claims: a process takes a batch of due deliveries for itself until `lease_until`;
-- one that dies leaves them to any process once the lease has run out. With one process
-- (always so on SQLite) it is the one claiming, and nothing changes.
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until TEXT;
