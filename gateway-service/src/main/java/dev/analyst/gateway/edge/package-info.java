/** Protections at the edge, before any handler: rate limits, request size limits and CORS. */
@NullMarked
package dev.analyst.gateway.edge;

import org.jspecify.annotations.NullMarked;
