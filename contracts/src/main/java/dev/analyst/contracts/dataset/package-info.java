/**
 * Datasets becoming available for questions: the versions on {@code analyst.datasets.v1} and the
 * progress of loads on {@code analyst.dataset-progress.v1}.
 */
@NullMarked
package dev.analyst.contracts.dataset;

import org.jspecify.annotations.NullMarked;
