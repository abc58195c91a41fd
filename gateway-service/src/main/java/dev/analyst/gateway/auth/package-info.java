/**
 * Who is calling: configured keys, account tokens and user-made API keys resolved to a workspace, user and
 * role before any {@code /api} or {@code /v1} handler runs.
 */
@NullMarked
package dev.analyst.gateway.auth;

import org.jspecify.annotations.NullMarked;
