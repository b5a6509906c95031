-- Notification outbox: rows are written in the same transaction as the change that caused them.
-- dedupe_key makes a replayed cause (order replay, supply event redelivery) a no-op.
CREATE TABLE notifications (
    notification_id uuid PRIMARY KEY,
    dedupe_key      text        NOT NULL UNIQUE,
    kind            text        NOT NULL,
    account_id      text,
    order_id        text,
    recipient       text,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'PARKED')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    channel         text,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);

CREATE INDEX notifications_pending_idx ON notifications (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notifications_account_idx ON notifications (account_id, created_at);

-- The local mailbox: where notifications go when no SMTP server is configured (listed by the API).
CREATE TABLE mailbox (
    notification_id uuid PRIMARY KEY REFERENCES notifications (notification_id),
    account_id      text,
    order_id        text,
    kind            text        NOT NULL,
    recipient       text,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    delivered_at    timestamptz NOT NULL
);

CREATE INDEX mailbox_account_idx ON mailbox (account_id, delivered_at);
