/** The ingestion service: files and external databases become datasets announced on Kafka. */
@NullMarked
package dev.analyst.ingestion;

import org.jspecify.annotations.NullMarked;
