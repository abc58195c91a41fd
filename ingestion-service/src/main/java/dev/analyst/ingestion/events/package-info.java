/**
 * Publishing dataset events: the transactional outbox, the relay that drains it to Kafka, and direct
 * sends for informational progress.
 */
@NullMarked
package dev.analyst.ingestion.events;

import org.jspecify.annotations.NullMarked;
