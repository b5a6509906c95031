-- The printers marked quiet (issue 16): the dashboard lists them, longest silent first, and every dispatcher
-- samples how many there are for the dispatcher.printers.quiet gauge every 5 s. Few rows are marked at any
-- time, so a partial index keeps both reads from scanning every printer's status.
CREATE INDEX printer_status_quiet ON printer_status (reported_at, serial) WHERE quiet_noticed_at IS NOT NULL;
