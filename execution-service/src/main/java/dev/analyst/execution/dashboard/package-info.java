/**
 * Every dataset's dashboard: generated from its profile, drawn through the same safety path as steps,
 * published on the compacted dashboards topic, redrawn for each new version with the charts users pinned.
 */
@NullMarked
package dev.analyst.execution.dashboard;

import org.jspecify.annotations.NullMarked;
