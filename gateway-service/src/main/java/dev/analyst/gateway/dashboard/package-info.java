/** Datasets' dashboards: stored as execution publishes them, served to their tenant, regenerated and pinned to on request. */
@NullMarked
package dev.analyst.gateway.dashboard;

import org.jspecify.annotations.NullMarked;
