package dev.analyst.gateway.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation in the caller's list. */
record ConversationView(UUID id, String title, Instant createdAt, Instant updatedAt) {}
