/** Running validated SQL read-only against a dataset's database and turning rows into JSON values. */
@NullMarked
package dev.analyst.execution.query;

import org.jspecify.annotations.NullMarked;
