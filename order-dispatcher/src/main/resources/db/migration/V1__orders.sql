-- Kafka offsets stored in the same transaction as the rows they produced: on assignment the consumer
-- seeks here, so a crash between the database commit and a Kafka commit can never lose or double a batch.
CREATE TABLE consumer_offsets (
    group_id    text   NOT NULL,
    topic       text   NOT NULL,
    partition   int    NOT NULL,
    next_offset bigint NOT NULL CHECK (next_offset >= 0),
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
);

-- One row per replenishment order; order_id is deterministic (OrderIds.derive), so a replay is a no-op.
-- account_id deliberately has no foreign key: accounts live in a later migration owned by the API.
CREATE TABLE orders (
    order_id            text PRIMARY KEY,
    serial              text        NOT NULL,
    model               text        NOT NULL,
    series              text,
    enrollment_id       text        NOT NULL,
    account_id          text        NOT NULL,
    channel             text        NOT NULL CHECK (channel IN ('CANON', 'AMAZON')),
    slot                text        NOT NULL,
    sku                 text        NOT NULL,
    colour              text,
    cartridge_id        text,
    depletion_cycle     int         NOT NULL,
    trigger             text        NOT NULL,
    remaining_percent   int         NOT NULL,
    threshold_percent   int         NOT NULL,
    report_sequence     bigint      NOT NULL,
    state               text        NOT NULL CHECK (state IN ('PENDING', 'BACKORDERED', 'CHARGED', 'SHIPPED',
                                                  'PAYMENT_FAILED', 'CANCELLED', 'FORWARDED')),
    -- the promotion active when the order was created, applied at shipment
    promotion_id        text,
    promotion_percent   int CHECK (promotion_percent BETWEEN 1 AND 100),
    -- true while one unit of inventory is reserved for this order
    stock_reserved      boolean     NOT NULL DEFAULT false,
    -- the payment attempt number the next charge uses (a new attempt after a decline and a retry)
    payment_attempt     int         NOT NULL DEFAULT 1,
    amount_cents        bigint,
    tracking_number     text,
    delivery_estimate   date,
    detail              text,
    -- work scheduling: a lease makes concurrent dispatchers process disjoint orders
    next_attempt_at     timestamptz NOT NULL,
    lease_owner         text,
    lease_until         timestamptz,
    failures            int         NOT NULL DEFAULT 0,
    parked              boolean     NOT NULL DEFAULT false,
    payment_failed_at   timestamptz,
    created_at          timestamptz NOT NULL,
    ingested_at         timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE INDEX orders_work_idx ON orders (next_attempt_at) WHERE state IN ('PENDING', 'CHARGED') AND NOT parked;
CREATE INDEX orders_backorders_idx ON orders (sku, created_at, order_id) WHERE state = 'BACKORDERED';
CREATE INDEX orders_payment_failed_idx ON orders (payment_failed_at) WHERE state = 'PAYMENT_FAILED';
CREATE INDEX orders_account_idx ON orders (account_id, created_at);
CREATE INDEX orders_serial_idx ON orders (serial);
CREATE INDEX orders_state_idx ON orders (state, updated_at);

-- Every transition of every order; also the outbox of order.events.v1 (published_at null = not yet sent).
CREATE TABLE order_events (
    id              bigserial PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    order_id        text        NOT NULL REFERENCES orders (order_id),
    from_state      text,
    to_state        text        NOT NULL,
    amount_cents    bigint,
    tracking_number text,
    detail          text,
    occurred_at     timestamptz NOT NULL,
    published_at    timestamptz
);

CREATE INDEX order_events_order_idx ON order_events (order_id, id);
CREATE INDEX order_events_unpublished_idx ON order_events (id) WHERE published_at IS NULL;
