-- What the user said of a run's answer: true right, false wrong, null nothing yet.
alter table runs add column correct boolean;
