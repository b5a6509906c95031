-- Intent rows written BEFORE calling the provider, so after a crash the dispatcher knows a call may have
-- happened and reconciles with the provider by idempotency key instead of calling blindly.
CREATE TABLE payment_attempts (
    order_id           text        NOT NULL REFERENCES orders (order_id),
    attempt            int         NOT NULL,
    idempotency_key    text        NOT NULL UNIQUE,
    amount_cents       bigint      NOT NULL CHECK (amount_cents >= 0),
    payment_token      text        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('REQUESTED', 'CAPTURED', 'DECLINED')),
    provider_reference text,
    decline_reason     text,
    requested_at       timestamptz NOT NULL,
    completed_at       timestamptz,
    PRIMARY KEY (order_id, attempt)
);

CREATE TABLE shipments (
    order_id          text PRIMARY KEY REFERENCES orders (order_id),
    idempotency_key   text        NOT NULL UNIQUE,
    status            text        NOT NULL CHECK (status IN ('REQUESTED', 'CREATED')),
    ship_to           jsonb       NOT NULL,
    carrier           text        NOT NULL,
    tracking_number   text,
    delivery_estimate date,
    requested_at      timestamptz NOT NULL,
    completed_at      timestamptz
);

CREATE TABLE amazon_forwards (
    order_id         text PRIMARY KEY REFERENCES orders (order_id),
    idempotency_key  text        NOT NULL UNIQUE,
    status           text        NOT NULL CHECK (status IN ('REQUESTED', 'ACCEPTED')),
    amazon_reference text,
    requested_at     timestamptz NOT NULL,
    completed_at     timestamptz
);
