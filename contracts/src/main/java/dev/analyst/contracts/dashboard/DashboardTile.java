package dev.analyst.contracts.dashboard;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

/** One tile of a dashboard, with the SQL it was drawn from so anyone can see (and re-run) where it came from. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(KpiTile.class),
    @JsonSubTypes.Type(ChartTile.class),
    @JsonSubTypes.Type(TableTile.class)
})
public sealed interface DashboardTile permits KpiTile, ChartTile, TableTile {

    String title();

    String sql();

    Grid grid();

    /** Why the tile could not be drawn for the current version, or null when it was. */
    @Nullable
    String problem();
}
