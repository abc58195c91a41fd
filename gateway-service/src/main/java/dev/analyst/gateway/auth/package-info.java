/** Who is calling: API keys resolved to a tenant and user before any {@code /api} handler runs. */
@NullMarked
package dev.analyst.gateway.auth;

import org.jspecify.annotations.NullMarked;
