/** Kafka plumbing: the topics execution declares and what happens to records that cannot be handled. */
@NullMarked
package dev.analyst.execution.kafka;

import org.jspecify.annotations.NullMarked;
