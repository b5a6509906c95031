-- Customer pages (package io.inkflow.dispatcher.portal): sign-up, sign-in, sessions, single-use e-mail
-- tokens and sign-in throttling. Versions V40..V49 belong to the portal.

-- A customer who signs up has no shipping address or payment method yet: the portal asks for both
-- before a printer can be registered, so an account with an enrollment always has them (fulfilment and
-- the JSON API rely on that). Accounts opened through the admin API keep giving both at once.
ALTER TABLE accounts ALTER COLUMN ship_name DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN ship_line1 DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN ship_city DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN ship_postal_code DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN ship_country DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN payment_token DROP NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_address_whole CHECK (
  (ship_name IS NULL) = (ship_line1 IS NULL) AND (ship_name IS NULL) = (ship_city IS NULL)
  AND (ship_name IS NULL) = (ship_postal_code IS NULL) AND (ship_name IS NULL) = (ship_country IS NULL));

-- The sign-in of an account: e-mail (normalised, unique) and the Argon2id PHC string of the password.
-- The account's display e-mail stays in accounts.email (the notification outbox reads it there).
CREATE TABLE portal_logins (
  account_id text PRIMARY KEY REFERENCES accounts (account_id),
  email_normalized text NOT NULL UNIQUE,
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  email_verified_at timestamptz,
  password_changed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);

-- Signed-in sessions. The cookie holds 256 random bits; only their SHA-256 is kept (as for API tokens).
CREATE TABLE portal_sessions (
  session_sha256 bytea PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (account_id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX portal_sessions_by_account ON portal_sessions (account_id);
CREATE INDEX portal_sessions_by_expiry ON portal_sessions (expires_at);

-- Single-use tokens sent by e-mail (verification link, password reset): SHA-256 only, with the address
-- they were sent to, an expiry and the moment they were used.
CREATE TABLE portal_tokens (
  token_sha256 bytea PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD')),
  account_id text NOT NULL REFERENCES accounts (account_id),
  email_normalized text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX portal_tokens_by_account ON portal_tokens (account_id, purpose, created_at);

-- Failed sign-ins, per subject ('account:<normalised e-mail>' or 'address:<client address>'), counted
-- over a sliding window to throttle guessing.
CREATE TABLE portal_signin_failures (
  id bigserial PRIMARY KEY,
  subject text NOT NULL,
  failed_at timestamptz NOT NULL
);
CREATE INDEX portal_signin_failures_by_subject ON portal_signin_failures (subject, failed_at);

-- Profile details beyond the account's name: phone and business information.
CREATE TABLE customer_profiles (
  account_id text PRIMARY KEY REFERENCES accounts (account_id),
  phone text,
  company text,
  tax_id text,
  business_type text CHECK (business_type IS NULL OR business_type IN ('HOME', 'SMALL_OFFICE', 'ENTERPRISE',
                                                                       'EDUCATION', 'GOVERNMENT')),
  updated_at timestamptz NOT NULL
);
