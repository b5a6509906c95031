-- What the customer pages show of each printer, from printer.status.v1 (ingest.PrinterStatusWriter, on the
-- consumer's transaction): its latest reported levels and when it last reported.
CREATE TABLE printer_status (
  serial text PRIMARY KEY,
  enrollment_id text,
  model text NOT NULL,
  reported_at timestamptz NOT NULL,
  printer_time timestamptz NOT NULL,
  supplies jsonb NOT NULL,
  received_at timestamptz NOT NULL
);

-- An enrollment is activated by its printer's first authenticated report (the first status record that
-- names it); until then the pages say it waits for activation. Orders do not wait for this row: see
-- docs/decisions.md, "Activation".
CREATE TABLE enrollment_activations (
  enrollment_id text PRIMARY KEY REFERENCES enrollments (enrollment_id),
  serial text NOT NULL,
  first_report_at timestamptz NOT NULL,
  activated_at timestamptz NOT NULL
);

-- Plan cancellations of single printers from the customer pages, with the reasons and comment given.
CREATE TABLE printer_plan_cancellations (
  id bigserial PRIMARY KEY,
  enrollment_id text NOT NULL REFERENCES enrollments (enrollment_id),
  account_id text NOT NULL REFERENCES accounts (account_id),
  reasons text[] NOT NULL,
  comment text,
  cancelled_at timestamptz NOT NULL
);
CREATE INDEX printer_plan_cancellations_by_account ON printer_plan_cancellations (account_id, id);
