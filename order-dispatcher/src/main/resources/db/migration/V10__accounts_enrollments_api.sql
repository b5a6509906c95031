-- Accounts, printers, enrollments, device credentials, API tokens, idempotency keys and the Kafka
-- outbox: the tables behind the account and fulfilment HTTP API (package io.inkflow.dispatcher.account,
-- .http, .outbox). The order tables (V1..V9) read `accounts`; its shape is agreed, do not change it here.

CREATE TABLE accounts (account_id text PRIMARY KEY, email text NOT NULL, name text NOT NULL,
  ship_name text NOT NULL, ship_line1 text NOT NULL, ship_line2 text, ship_city text NOT NULL, ship_region text,
  ship_postal_code text NOT NULL, ship_country text NOT NULL, payment_token text NOT NULL, payment_brand text,
  payment_last4 text, plan_status text NOT NULL DEFAULT 'ACTIVE', created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

-- Every shipping address an account ever had; the current one is also in `accounts`.
CREATE TABLE account_addresses (
  id bigserial PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (account_id),
  ship_name text NOT NULL,
  ship_line1 text NOT NULL,
  ship_line2 text,
  ship_city text NOT NULL,
  ship_region text,
  ship_postal_code text NOT NULL,
  ship_country text NOT NULL,
  valid_from timestamptz NOT NULL
);
CREATE INDEX account_addresses_by_account ON account_addresses (account_id, id);

-- Every payment method an account ever had: provider tokens only, never card numbers.
CREATE TABLE account_payment_methods (
  id bigserial PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (account_id),
  payment_token text NOT NULL,
  payment_brand text,
  payment_last4 text CHECK (payment_last4 IS NULL OR payment_last4 ~ '^[0-9]{4}$'),
  valid_from timestamptz NOT NULL
);
CREATE INDEX account_payment_methods_by_account ON account_payment_methods (account_id, id);

-- Plan cancellations with the customer's reasons (an account may cancel, re-enroll and cancel again).
CREATE TABLE plan_cancellations (
  id bigserial PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (account_id),
  reasons text[] NOT NULL,
  comment text,
  cancelled_at timestamptz NOT NULL
);
CREATE INDEX plan_cancellations_by_account ON plan_cancellations (account_id, id);

-- API bearer tokens. Tokens are 256-bit random values, so a SHA-256 digest is enough to find and
-- check them without keeping the token itself (a slow hash buys nothing against 256 bits of entropy).
CREATE TABLE api_tokens (
  token_id text PRIMARY KEY,
  token_sha256 bytea NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('CUSTOMER', 'FULFILMENT', 'ADMIN')),
  account_id text REFERENCES accounts (account_id),
  description text,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CONSTRAINT api_tokens_customer_has_account CHECK ((role = 'CUSTOMER') = (account_id IS NOT NULL))
);

-- One row per physical printer ever enrolled; the row is the lock that serialises enrollment
-- changes of one serial (and so the order of its outbox records).
CREATE TABLE printers (
  serial text PRIMARY KEY CHECK (serial ~ '^[A-Za-z0-9][A-Za-z0-9-]{2,39}$'),
  model text NOT NULL,
  first_enrolled_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Enrollment history. The current enrollment of a serial is the one with ended_at NULL (ACTIVE, or
-- CANCELLED when the plan was cancelled: the owner still holds the printer). Deactivation ends it;
-- then a new owner enrolls the serial again under a new enrollment_id.
CREATE TABLE enrollments (
  enrollment_id text PRIMARY KEY,
  serial text NOT NULL REFERENCES printers (serial),
  model text NOT NULL,
  account_id text NOT NULL REFERENCES accounts (account_id),
  channel text NOT NULL CHECK (channel IN ('CANON', 'AMAZON')),
  status text NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED', 'DEACTIVATED')),
  enrolled_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text
);
CREATE UNIQUE INDEX enrollments_one_active_per_serial ON enrollments (serial) WHERE status = 'ACTIVE';
CREATE UNIQUE INDEX enrollments_one_current_per_serial ON enrollments (serial) WHERE ended_at IS NULL;
CREATE INDEX enrollments_by_account ON enrollments (account_id, enrolled_at);
CREATE INDEX enrollments_by_serial ON enrollments (serial, enrolled_at);

-- Every status change of an enrollment, with the reason given.
CREATE TABLE enrollment_events (
  id bigserial PRIMARY KEY,
  enrollment_id text NOT NULL REFERENCES enrollments (enrollment_id),
  status text NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED', 'DEACTIVATED')),
  reason text,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX enrollment_events_by_enrollment ON enrollment_events (enrollment_id, id);

-- MQTT credentials of printers: only the Argon2id PHC string of the device secret is kept.
CREATE TABLE device_credentials (
  credential_id text PRIMARY KEY,
  serial text NOT NULL REFERENCES printers (serial),
  enrollment_id text NOT NULL REFERENCES enrollments (enrollment_id),
  secret_hash text NOT NULL CHECK (secret_hash LIKE '$argon2id$%'),
  status text NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX device_credentials_one_active_per_serial ON device_credentials (serial) WHERE status = 'ACTIVE';

-- Idempotency-Key records of POST requests, scoped to the calling token. A response that carried
-- a secret (API token, device secret) is stored without it.
CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  idempotency_key text NOT NULL,
  request_sha256 bytea NOT NULL,
  status text NOT NULL CHECK (status IN ('IN_PROGRESS', 'DONE')),
  response_status int,
  response_body text,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  PRIMARY KEY (principal, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Transactional outbox for Kafka: rows are written in the transaction of the change they describe
-- and published in id order by the OutboxRelay. A null payload is a tombstone.
CREATE TABLE kafka_outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  record_key text NOT NULL,
  payload text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX kafka_outbox_unsent ON kafka_outbox (id) WHERE sent_at IS NULL;
