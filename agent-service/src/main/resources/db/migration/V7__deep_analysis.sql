-- A deep analysis runs one step at a time. What is left to run and the sections written so far are
-- kept with the run, so a restart between two steps carries on where it stopped. Null for other runs.
ALTER TABLE run ADD COLUMN deep jsonb;
