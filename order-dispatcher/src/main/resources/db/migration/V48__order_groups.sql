-- Shipment consolidation (issue 16): streams orders several cartridges of one printer together as an order
-- group, shipped in one parcel with one charge. Each order keeps its row and its state; the group is a tag.
ALTER TABLE orders ADD COLUMN group_id text;
ALTER TABLE orders ADD COLUMN group_size int CHECK (group_size >= 2);
ALTER TABLE orders ADD CONSTRAINT orders_group_complete CHECK ((group_id IS NULL) = (group_size IS NULL));
CREATE INDEX orders_by_group ON orders (group_id) WHERE group_id IS NOT NULL;

-- A group's charge is one provider call, so its members' attempts share one idempotency key, and so do the
-- shipment intents of one parcel. One key still means one provider request: the key is derived from the
-- member orders and their attempt numbers, and every row carrying it was written in one transaction.
ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_idempotency_key_key;
CREATE INDEX payment_attempts_by_key ON payment_attempts (idempotency_key);
ALTER TABLE shipments DROP CONSTRAINT shipments_idempotency_key_key;
CREATE INDEX shipments_by_key ON shipments (idempotency_key);
