-- The bundled sandbox payment provider, carrier and Amazon channel are separate systems in spirit: they
-- keep their own ledgers, keyed by the caller's idempotency key, and never read the dispatcher's tables.
CREATE TABLE sandbox_payment_ledger (
    idempotency_key text PRIMARY KEY,
    charge_id       text        NOT NULL UNIQUE,
    reference       text        NOT NULL,
    payment_token   text        NOT NULL,
    amount_cents    bigint      NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('CAPTURED', 'DECLINED')),
    decline_reason  text,
    created_at      timestamptz NOT NULL
);

CREATE INDEX sandbox_payment_ledger_reference_idx ON sandbox_payment_ledger (reference);

CREATE TABLE sandbox_carrier_ledger (
    idempotency_key   text PRIMARY KEY,
    tracking_number   text        NOT NULL UNIQUE,
    reference         text        NOT NULL,
    sku               text        NOT NULL,
    ship_to           jsonb       NOT NULL,
    delivery_estimate date        NOT NULL,
    created_at        timestamptz NOT NULL
);

CREATE INDEX sandbox_carrier_ledger_reference_idx ON sandbox_carrier_ledger (reference);

CREATE TABLE sandbox_amazon_ledger (
    idempotency_key  text PRIMARY KEY,
    amazon_reference text        NOT NULL UNIQUE,
    reference        text        NOT NULL,
    account_id       text        NOT NULL,
    sku              text        NOT NULL,
    created_at       timestamptz NOT NULL
);
