package dev.analyst.contracts.dashboard;

import org.jspecify.annotations.Nullable;

/** A single headline number, such as the row count or the mean of a key measure. */
public record KpiTile(
        String title,
        String sql,
        @Nullable Object value,
        Grid grid,
        @Nullable String problem) implements DashboardTile {}
