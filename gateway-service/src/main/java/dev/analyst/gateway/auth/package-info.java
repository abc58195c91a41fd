/** Who is calling: API keys resolved to a tenant and user before any {@code /api} or {@code /v1} handler runs. */
@NullMarked
package dev.analyst.gateway.auth;

import org.jspecify.annotations.NullMarked;
