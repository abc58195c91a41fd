/**
 * The transactional outbox: events written in the same transaction as the state they describe, then
 * relayed to Kafka, so a crash between the two loses nothing.
 */
@NullMarked
package dev.analyst.gateway.outbox;

import org.jspecify.annotations.NullMarked;
