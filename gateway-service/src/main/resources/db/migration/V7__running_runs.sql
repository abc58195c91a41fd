-- The deadline sweep reads only the runs still running, oldest first.
create index runs_running on runs (created_at) where status = 'running';
