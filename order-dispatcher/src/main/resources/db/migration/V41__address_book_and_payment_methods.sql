-- The customer's address book and saved payment methods, and the choice of both per printer.
-- The default shipping address and the default payment method are also written to the `accounts` row
-- (AccountStore.updateAddress / updatePaymentMethod, with their history), which is what fulfilment
-- falls back to for a printer without its own choice, and what the JSON API shows.

CREATE TABLE address_book (
  address_id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (account_id),
  label text,
  name text NOT NULL,
  line1 text NOT NULL,
  line2 text,
  city text NOT NULL,
  region text,
  postal_code text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  phone text,
  default_shipping boolean NOT NULL DEFAULT false,
  default_billing boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  removed_at timestamptz,
  CHECK (removed_at IS NULL OR NOT (default_shipping OR default_billing))
);
CREATE INDEX address_book_by_account ON address_book (account_id, created_at) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX address_book_one_default_shipping ON address_book (account_id) WHERE default_shipping;
CREATE UNIQUE INDEX address_book_one_default_billing ON address_book (account_id) WHERE default_billing;

-- Saved payment methods: the provider's token (never a card number), brand, last four digits, expiry.
CREATE TABLE payment_methods (
  method_id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (account_id),
  provider_token text NOT NULL,
  brand text NOT NULL,
  last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month int NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year int NOT NULL CHECK (exp_year BETWEEN 2000 AND 2100),
  nickname text,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  removed_at timestamptz,
  CHECK (removed_at IS NULL OR NOT is_default)
);
CREATE INDEX payment_methods_by_account ON payment_methods (account_id, created_at) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX payment_methods_one_default ON payment_methods (account_id) WHERE is_default;

-- Where each printer's shipments go and how they are paid: an address and a method of the same account
-- (null: the account's default). Read at the moment of use (persistence.AccountReader.forOrder).
CREATE TABLE printer_delivery (
  enrollment_id text PRIMARY KEY REFERENCES enrollments (enrollment_id),
  account_id text NOT NULL REFERENCES accounts (account_id),
  address_id text REFERENCES address_book (address_id),
  payment_method_id text REFERENCES payment_methods (method_id),
  updated_at timestamptz NOT NULL
);
CREATE INDEX printer_delivery_by_address ON printer_delivery (address_id);
CREATE INDEX printer_delivery_by_method ON printer_delivery (payment_method_id);
