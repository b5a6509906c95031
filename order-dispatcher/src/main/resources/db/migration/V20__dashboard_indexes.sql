-- The dashboard counts the last hour of order events per minute every few seconds; without this index
-- each count would scan the whole (ever-growing) event history. Insert-only table, so the cost is one
-- index entry per event.
CREATE INDEX order_events_occurred_idx ON order_events (occurred_at);
