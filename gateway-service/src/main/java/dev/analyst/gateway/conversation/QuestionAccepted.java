package dev.analyst.gateway.conversation;

import java.util.UUID;

/** The 202 answer to a question asked for JSON: where to follow the run. */
record QuestionAccepted(UUID runId, UUID conversationId, String events) {}
