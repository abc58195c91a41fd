/** Kafka wiring: the topics the gateway declares, and what happens to a record that keeps failing. */
@NullMarked
package dev.analyst.gateway.kafka;

import org.jspecify.annotations.NullMarked;
