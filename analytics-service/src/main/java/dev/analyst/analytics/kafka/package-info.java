/** Kafka wiring: the topics this service declares and what happens to a record its listener cannot handle. */
@NullMarked
package dev.analyst.analytics.kafka;

import org.jspecify.annotations.NullMarked;
