-- Current list price per SKU; the charge uses the price at shipment time.
CREATE TABLE sku_prices (
    sku         text PRIMARY KEY,
    price_cents bigint      NOT NULL CHECK (price_cents > 0),
    updated_at  timestamptz NOT NULL
);

-- Stock per SKU: on_hand is free stock, reserved is held by orders not yet shipped.
CREATE TABLE inventory (
    sku        text PRIMARY KEY,
    on_hand    int         NOT NULL CHECK (on_hand >= 0),
    reserved   int         NOT NULL CHECK (reserved >= 0),
    updated_at timestamptz NOT NULL
);

-- A percentage off one SKU (or every SKU when sku is null) for orders created in [starts_at, ends_at).
CREATE TABLE promotions (
    promotion_id text PRIMARY KEY,
    sku          text,
    percent_off  int         NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz,
    description  text,
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);

CREATE INDEX promotions_window_idx ON promotions (starts_at, ends_at);
