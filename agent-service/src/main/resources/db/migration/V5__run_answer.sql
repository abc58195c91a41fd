-- A run whose answer is written but whose chart execution is still drawing ('charting') keeps the
-- answer here, to complete it with the figure, or without it once the wait is over.
ALTER TABLE run ADD COLUMN answer text;
CREATE INDEX run_charting ON run (updated_at) WHERE status = 'charting';
