package dev.analyst.gateway.account;

import java.time.Instant;
import java.util.UUID;

/**
 * A key just made. This is the only time its secret is shown: only its hash is kept.
 *
 * @param key the secret to send as {@code Authorization: Bearer}
 * @param prefix its first characters, shown in the list to tell keys apart
 */
record CreatedApiKey(UUID id, String name, String prefix, String key, String workspaceId, Instant createdAt) {}
