package dev.analyst.contracts.dashboard;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import org.jspecify.annotations.Nullable;

/**
 * A chart of the dataset, generated from its profile or pinned from an answer.
 *
 * @param pinned whether a user pinned it from an answer; pinned charts survive regeneration
 */
public record ChartTile(
        String title,
        String sql,
        ChartSpec chart,
        @Nullable ChartFigure figure,
        boolean pinned,
        Grid grid,
        @Nullable String problem)
        implements DashboardTile {}
