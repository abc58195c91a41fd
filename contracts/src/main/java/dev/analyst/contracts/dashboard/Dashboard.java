package dev.analyst.contracts.dashboard;

import java.util.List;
import java.util.UUID;

/**
 * A dataset's dashboard as drawn for one of its versions: KPIs, charts and a table laid out on a grid.
 *
 * @param datasetVersion the version whose data the tiles show; a newer version redraws them
 */
public record Dashboard(UUID datasetId, String tenantId, long datasetVersion, String title, List<DashboardTile> tiles) {

    public Dashboard {
        tiles = List.copyOf(tiles);
    }
}
