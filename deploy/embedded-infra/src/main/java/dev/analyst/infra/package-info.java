/**
 * PostgreSQL, Kafka and Redis for the launcher and the tests: embedded on a machine with only a JDK,
 * containers where a Docker engine runs, external servers where their addresses are configured.
 */
@NullMarked
package dev.analyst.infra;

import org.jspecify.annotations.NullMarked;
