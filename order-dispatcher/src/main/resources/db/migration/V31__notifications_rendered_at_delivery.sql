-- Notifications are written cheaply (kind and template values) and rendered at delivery with the account's
-- current name and e-mail. Rows written before this migration keep their rendered subject and body.
ALTER TABLE notifications ADD COLUMN template_values jsonb;
ALTER TABLE notifications ALTER COLUMN subject DROP NOT NULL;
ALTER TABLE notifications ALTER COLUMN body DROP NOT NULL;
ALTER TABLE notifications ADD CONSTRAINT notifications_values_or_rendered
    CHECK (template_values IS NOT NULL OR (subject IS NOT NULL AND body IS NOT NULL));

-- SKIPPED: optional mail the account opted out of (visible, not silently dropped).
ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check
    CHECK (status IN ('PENDING', 'SENT', 'PARKED', 'SKIPPED'));

-- Opt-outs of optional mail per account: one optional kind, or ALL_OPTIONAL. Service mail always goes.
CREATE TABLE email_opt_outs (
    account_id   text        NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    scope        text        NOT NULL,
    opted_out_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, scope)
);
