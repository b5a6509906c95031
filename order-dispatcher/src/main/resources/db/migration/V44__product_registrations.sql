-- Canon products registered on the customer pages (any product of catalog/product-points.json), with the
-- Canon Professional Services points each earned. A product (model and serial) is registered once.
CREATE TABLE product_registrations (
  registration_id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (account_id),
  product_model text NOT NULL,
  serial text NOT NULL,
  purchased_on date NOT NULL,
  purchase_country text NOT NULL CHECK (purchase_country ~ '^[A-Z]{2}$'),
  dealer text NOT NULL,
  points int NOT NULL CHECK (points >= 0),
  registered_at timestamptz NOT NULL,
  UNIQUE (product_model, serial)
);
CREATE INDEX product_registrations_by_account ON product_registrations (account_id, registered_at);
