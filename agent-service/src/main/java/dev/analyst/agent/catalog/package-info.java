/** The datasets each tenant can ask about, learned from DatasetReady events. */
@NullMarked
package dev.analyst.agent.catalog;

import org.jspecify.annotations.NullMarked;
