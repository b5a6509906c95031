-- Printers that went quiet (issue 16). A silence episode of a printer's current enrollment starts at its
-- last report (`reported_at`); the sweep (quiet.QuietPrinterSweep) marks it noticed once, in the transaction
-- that writes the "we can't see your printer" mail, and a newer report clears the mark
-- (ingest.PrinterStatusWriter), so the next silence is a new episode with a mail of its own.
ALTER TABLE printer_status ADD COLUMN quiet_noticed_at timestamptz;
-- the sweep looks for old reports not yet noticed, and for the newest report of all (is the feed flowing?)
CREATE INDEX printer_status_by_report ON printer_status (reported_at);
