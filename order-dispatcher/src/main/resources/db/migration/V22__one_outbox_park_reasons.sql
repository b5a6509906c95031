-- Order events are published through the one Kafka outbox (kafka_outbox) like enrollments and
-- credentials; order_events stays the order history the API and the dashboard read.
DROP INDEX order_events_unpublished_idx;
ALTER TABLE order_events DROP COLUMN published_at;

-- The outbox relay deletes what Kafka acknowledged (Kafka keeps the records), so every row is unsent.
DROP INDEX kafka_outbox_unsent;
ALTER TABLE kafka_outbox DROP COLUMN sent_at;

-- Why an order waits for a person; parked stays the flag the work index filters on.
ALTER TABLE orders ADD COLUMN park_reason text
    CHECK (park_reason IN ('REPEATED_FAILURES', 'INTERNAL', 'ADDRESS_INVALID', 'AWAITING_CUSTOMER'));
UPDATE orders SET park_reason = 'REPEATED_FAILURES' WHERE parked;
ALTER TABLE orders ADD CONSTRAINT orders_parked_has_reason CHECK (parked = (park_reason IS NOT NULL));
ALTER TABLE orders ADD COLUMN carrier text;
CREATE INDEX orders_parked_idx ON orders (updated_at) WHERE parked;
