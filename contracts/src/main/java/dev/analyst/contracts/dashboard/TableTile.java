package dev.analyst.contracts.dashboard;

import dev.analyst.contracts.ResultTable;
import org.jspecify.annotations.Nullable;

/** A table of rows, such as a sample of the dataset's main table. */
public record TableTile(
        String title,
        String sql,
        @Nullable ResultTable table,
        Grid grid,
        @Nullable String problem) implements DashboardTile {}
