/** Datasets and datasources: calls routed to ingestion-service on behalf of the authenticated caller. */
@NullMarked
package dev.analyst.gateway.ingestion;

import org.jspecify.annotations.NullMarked;
