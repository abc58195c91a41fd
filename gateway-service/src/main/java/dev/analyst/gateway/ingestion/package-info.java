/**
 * Datasets and datasources: calls routed to ingestion-service on behalf of the authenticated caller,
 * and each dataset's load progress relayed from Kafka into Redis and served as server-sent events.
 */
@NullMarked
package dev.analyst.gateway.ingestion;

import org.jspecify.annotations.NullMarked;
