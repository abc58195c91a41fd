-- Which attempt at the plan's query is running: a failed attempt is analysed and retried, up to five.
ALTER TABLE run ADD COLUMN attempt int NOT NULL DEFAULT 1;
