-- A question looks up the previous turn of its conversation (a follow-up is read against it).
CREATE INDEX run_conversation ON run (conversation_id, created_at DESC);
