/** Deciding whether model-written SQL is one read-only query of an allowed shape, before it reaches a database. */
@NullMarked
package dev.analyst.execution.sql;

import org.jspecify.annotations.NullMarked;
