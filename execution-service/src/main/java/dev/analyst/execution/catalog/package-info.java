/** The datasets execution may run steps against, learned from the compacted datasets topic. */
@NullMarked
package dev.analyst.execution.catalog;

import org.jspecify.annotations.NullMarked;
