package dev.analyst.gateway.account;

import java.time.Instant;
import java.util.UUID;

/** A key in a workspace, without its secret. */
record ApiKeyView(UUID id, String name, String prefix, String userId, Instant createdAt) {}
