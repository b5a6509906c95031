-- A customer asks for a backordered order to be cancelled; the fulfilment team decides (JSON API
-- /api/v1/cancellation-requests, shown on their dashboard). At most one open request per order.
CREATE TABLE order_cancellation_requests (
  request_id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders (order_id),
  account_id text NOT NULL REFERENCES accounts (account_id),
  reason text,
  status text NOT NULL CHECK (status IN ('OPEN', 'APPROVED', 'DECLINED')),
  requested_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by text,
  decision_note text
);
CREATE UNIQUE INDEX order_cancellation_requests_one_open ON order_cancellation_requests (order_id)
  WHERE status = 'OPEN';
CREATE INDEX order_cancellation_requests_by_status ON order_cancellation_requests (status, requested_at);
