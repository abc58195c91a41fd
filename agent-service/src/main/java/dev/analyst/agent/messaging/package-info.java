/** Kafka topics, serialisation and error handling of the agent. */
@NullMarked
package dev.analyst.agent.messaging;

import org.jspecify.annotations.NullMarked;
