package dev.analyst.execution.dashboard;

import dev.analyst.contracts.dashboard.ChartTile;
import dev.analyst.contracts.dashboard.DashboardTile;
import dev.analyst.contracts.dashboard.Grid;
import dev.analyst.contracts.dashboard.KpiTile;
import dev.analyst.contracts.dashboard.TableTile;
import java.util.ArrayList;
import java.util.List;

/**
 * Places tiles on the 12-column grid: the headline numbers in a row (3 wide), then the charts two to a
 * row (6 wide) in the order given, generated ones before pinned ones, then tables across the whole width.
 */
final class DashboardLayout {

    static final int KPI_WIDTH = 3;
    static final int KPI_HEIGHT = 2;
    static final int CHART_WIDTH = 6;
    static final int CHART_HEIGHT = 4;
    static final int TABLE_HEIGHT = 6;

    private DashboardLayout() {}

    /** The same tiles, grouped by kind (KPIs, charts, tables) and each given its cells. */
    static List<DashboardTile> arrange(List<? extends DashboardTile> tiles) {
        var arranged = new ArrayList<DashboardTile>(tiles.size());
        int y = 0;
        int x = 0;
        for (DashboardTile tile : tiles) {
            if (tile instanceof KpiTile kpi) {
                if (x + KPI_WIDTH > Grid.COLUMNS) {
                    x = 0;
                    y += KPI_HEIGHT;
                }
                arranged.add(new KpiTile(
                        kpi.title(), kpi.sql(), kpi.value(), new Grid(x, y, KPI_WIDTH, KPI_HEIGHT), kpi.problem()));
                x += KPI_WIDTH;
            }
        }
        y = x > 0 ? y + KPI_HEIGHT : y;
        x = 0;
        for (DashboardTile tile : tiles) {
            if (tile instanceof ChartTile chart) {
                if (x + CHART_WIDTH > Grid.COLUMNS) {
                    x = 0;
                    y += CHART_HEIGHT;
                }
                arranged.add(placed(chart, new Grid(x, y, CHART_WIDTH, CHART_HEIGHT)));
                x += CHART_WIDTH;
            }
        }
        y = x > 0 ? y + CHART_HEIGHT : y;
        for (DashboardTile tile : tiles) {
            if (tile instanceof TableTile table) {
                arranged.add(new TableTile(
                        table.title(),
                        table.sql(),
                        table.table(),
                        new Grid(0, y, Grid.COLUMNS, TABLE_HEIGHT),
                        table.problem()));
                y += TABLE_HEIGHT;
            }
        }
        return arranged;
    }

    static ChartTile placed(ChartTile chart, Grid grid) {
        return new ChartTile(
                chart.title(), chart.sql(), chart.chart(), chart.figure(), chart.pinned(), grid, chart.problem());
    }
}
