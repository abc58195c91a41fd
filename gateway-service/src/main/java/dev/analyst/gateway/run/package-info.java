/**
 * Runs as clients see them: run events relayed from Kafka into per-run Redis streams, fanned out to
 * every instance over pub/sub, and served as resumable server-sent event streams.
 */
@NullMarked
package dev.analyst.gateway.run;

import org.jspecify.annotations.NullMarked;
