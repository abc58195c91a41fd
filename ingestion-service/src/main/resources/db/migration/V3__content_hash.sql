-- The SHA-256 of the file a dataset's current version was loaded from: uploading the same bytes again
-- finds it and keeps the version instead of loading a copy.
ALTER TABLE ingestion.datasets ADD COLUMN content_hash text;
