-- Outbox claims, as SQLite's 0010: a process takes a batch of due deliveries until
-- `lease_until` (FOR UPDATE SKIP LOCKED keeps two processes off the same rows); one that dies
-- leaves them to any process once the lease has run out.
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until TEXT COLLATE "C";
