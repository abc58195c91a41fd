-- Runs waiting for a step hold it for analyst.agent.step-lease from their last move (updated_at); the
-- sweep that fails the expired ones reads only these.
CREATE INDEX run_executing ON run (updated_at) WHERE status = 'executing';
