-- The plan of a run's latest attempt (the output of its StageCompleted "plan"), stored with its answer.
alter table runs add column plan jsonb;
