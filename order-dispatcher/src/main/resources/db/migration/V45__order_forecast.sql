-- Why an order was placed (issue 16): the order message carries the forecast behind a FORECAST trigger (days
-- until the slot runs empty); `trigger` was stored from the start, the forecast now beside it. Null for a
-- THRESHOLD order, for a FORECAST order without an estimate, and for orders stored before this migration.
ALTER TABLE orders ADD COLUMN forecast_days_to_empty double precision;
