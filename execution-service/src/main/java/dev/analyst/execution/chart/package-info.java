/** Chart specs validated against a result and drawn as Plotly figures, aggregated or sampled when large. */
@NullMarked
package dev.analyst.execution.chart;

import org.jspecify.annotations.NullMarked;
