/** The analytics service: the usage and cost ledger fed by Kafka and the admin API that reads it. */
@NullMarked
package dev.analyst.analytics;

import org.jspecify.annotations.NullMarked;
