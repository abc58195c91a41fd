/** The events every service exchanges over Kafka, the topics that carry them and their keys. */
@NullMarked
package dev.analyst.contracts;

import org.jspecify.annotations.NullMarked;
