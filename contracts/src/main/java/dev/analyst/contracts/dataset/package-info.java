/** Datasets becoming available for questions: the events on {@code analyst.datasets.v1}. */
@NullMarked
package dev.analyst.contracts.dataset;

import org.jspecify.annotations.NullMarked;
